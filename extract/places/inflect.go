package places

import "strings"

// placeInflect returns the Russian case forms of a Cyrillic name that news
// uses more often than the nominative: "в Курской области", "из Москвы".
// It knows the regular patterns only and returns nothing for the rest.
func placeInflect(s string) []string {
	w := strings.Fields(s)
	switch {
	case len(w) == 2 && w[1] == "область" && strings.HasSuffix(w[0], "ая"):
		st := strings.TrimSuffix(w[0], "ая")
		return []string{st + "ой области", st + "ую область", st + "ой областью"}
	case len(w) == 2 && w[1] == "край" && (strings.HasSuffix(w[0], "ий") || strings.HasSuffix(w[0], "ый")):
		st, ins := w[0][:len(w[0])-len("ий")], "им"
		if strings.HasSuffix(w[0], "ый") {
			ins = "ым"
		}
		return []string{st + "ого края", st + "ому краю", st + "ом крае", st + ins + " краем"}
	case len(w) == 2 && w[0] == "Республика":
		return []string{"Республики " + w[1], "Республике " + w[1], "Республику " + w[1], "Республикой " + w[1]}
	case len(w) == 1:
		return placeInflectNoun(w[0])
	}
	return nil
}

// placeInflectNoun declines a one-word name by its ending: Курск → Курска,
// Москва → Москвы, Пермь → Перми, Россия → России. Adjectival names
// (Грозный) and indeclinable ones (Сочи, Иваново) get nothing.
func placeInflectNoun(w string) []string {
	rs := []rune(w)
	if len(rs) < 3 {
		return nil
	}
	for _, adj := range []string{"ий", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие"} {
		if strings.HasSuffix(w, adj) {
			return nil
		}
	}
	last, prev := rs[len(rs)-1], rs[len(rs)-2]
	stem := string(rs[:len(rs)-1])
	hushing := strings.ContainsRune("жшщчц", prev)
	switch {
	case last == 'а':
		gen, ins := "ы", "ой"
		if strings.ContainsRune("гкхжшщч", prev) {
			gen = "и"
		}
		if hushing {
			ins = "ей"
		}
		return []string{stem + gen, stem + "е", stem + "у", stem + ins}
	case last == 'я' && strings.ContainsRune("аеиоуыэюя", prev):
		return []string{stem + "и", stem + "ю", stem + "ей"}
	case last == 'я':
		return []string{stem + "и", stem + "е", stem + "ю", stem + "ей"}
	case last == 'ь' && prev == 'л': // -поль, -славль: masculine
		return []string{stem + "я", stem + "ю", stem + "е", stem + "ем"}
	case last == 'ь': // Пермь, Казань, Тверь: feminine
		return []string{stem + "и", stem + "ью"}
	case last == 'й':
		return []string{stem + "я", stem + "ю", stem + "е", stem + "ем"}
	case strings.ContainsRune("жшщчц", last):
		return []string{w + "а", w + "у", w + "е", w + "ем"}
	case strings.ContainsRune("бвгдзклмнпрстфх", last):
		return []string{w + "а", w + "у", w + "е", w + "ом"}
	}
	return nil
}
