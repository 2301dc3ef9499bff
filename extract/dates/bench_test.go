package dates

import (
	"strings"
	"testing"
)

// dateBenchText is news prose written for the benchmark: a realistic density
// of time expressions among numbers, names and ordinary words.
const dateBenchText = `MOSCOW (Sept. 27, 2022) — Thousands of men have left Russia since President
Vladimir Putin announced a partial mobilization on Wednesday, Sept. 21, and
queues at the border with Georgia stretched for more than 10 kilometres over
the weekend, according to the Yandex maps service and witnesses.

The Defence Ministry said on Monday that more than 200,000 reservists had been
called up in the first few weeks, out of the 300,000 announced last week.
Officials in the Rostov region said this week that they had received a "new
mobilization order", while the Kremlin spokesman Dmitry Peskov said on Tuesday
that there was no second wave. "There is no new wave," he told reporters at
10:30 in Moscow.

At least 17 enlistment offices have been set on fire since the call-up,
according to a count by the independent outlet Mediazona, most of them late at
night. In Ust-Ilimsk, in the Irkutsk region, a 25-year-old man shot a
recruitment officer at point-blank range on Monday morning; the officer was in
intensive care on Tuesday. In Ryazan, a man set himself on fire at a bus
station on Sunday afternoon, saying he did not want to fight.

Protests broke out in Dagestan over the weekend, where women confronted police
in Makhachkala; more than 100 people were detained, the OVD-Info rights group
said. In Yakutsk, women held a round dance in the centre of the city on Sunday,
chanting "No to genocide". About 2,400 people have been detained at anti-war
protests since Sept. 21, the group said, bringing the total since February 24
to more than 19,000.

Recruiting in prisons began in early July, according to Vladimir Osechkin of
Gulagu.net, who said the Wagner group had visited at least 17 penal colonies
since the summer. As of late July, about 1,500 inmates had applied; by mid-
August the number had doubled, he said. Prigozhin denied the reports earlier
this month. In the spring, reports surfaced of soldiers refusing to fight, and
the number of refusals reached the hundreds last month.

The first half of the year saw the sharpest fall in volunteers since 2014,
when 3 percent of men aged 18 to 27 signed contracts. Between March and May,
the regions formed at least 40 volunteer battalions, offering monthly salaries
of up to 300,000 roubles, according to the daily Kommersant of July 13. The
3rd Army Corps, formed in June, was sent to the front two weeks ago.

Border crossings into Kazakhstan rose to 98,000 in the seven days to Sept. 27,
officials in Astana said; 14,000 crossed on Saturday alone. Finland said it
would close its border to Russian tourists from Friday, and the Baltic states
did so on Sept. 19. Four of the five EU countries that border Russia have
stopped issuing tourist visas, and Norway said it would decide next week.

Russia's parliament passed amendments on Sept. 20 that toughen penalties for
desertion and for voluntary surrender, which Putin signed three days later. The
law, which takes effect on 1 October 2022, sets prison terms of up to 10 years.
Deferments were granted on Monday to IT workers, bankers and journalists at
state media, the ministry said yesterday, and students at state universities
were exempted last Friday.
`

func BenchmarkFind(b *testing.B) {
	text := strings.Repeat(dateBenchText, 4)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text, dateNewsRef, PreferPast)
	}
}
