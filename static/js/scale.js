// scale.js: time arithmetic for the timeline, as pure functions. Days are
// counted from 1970-01-01 in UTC (an event's date has no time zone), so a
// date is a whole number and a position between dates is a fraction.

export const DAY_MS = 86400000;

/** The earliest and latest days the server accepts (1900-01-01, 2100-12-31). */
export const MIN_DAY = Date.UTC(1900, 0, 1) / DAY_MS;
export const MAX_DAY = Date.UTC(2100, 11, 31) / DAY_MS;

/** Zoom limits in days shown across the plot: from a few days to decades. */
export const MIN_SPAN = 3;
export const MAX_SPAN = 366 * 40;

/** dayOf turns "2022-09-25" (or "2022-09", "2022") into a day number, or NaN. */
export function dayOf(iso) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso || "");
  if (!m) return NaN;
  const y = +m[1], mo = m[2] ? +m[2] : 1, d = m[3] ? +m[3] : 1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1) return NaN; // 31 February
  return t / DAY_MS;
}

/** isoOf turns a day number into "YYYY-MM-DD" (fractions are floored). */
export function isoOf(day) {
  return new Date(Math.floor(day) * DAY_MS).toISOString().slice(0, 10);
}

/** dayFromYMD is the day number of a calendar date (month 1-12; overflow rolls). */
export function dayFromYMD(y, m, d) {
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** ymd splits a day number into {y, m (1-12), d, wd (0 = Monday)}. */
export function ymd(day) {
  const t = new Date(Math.floor(day) * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), wd: (t.getUTCDay() + 6) % 7 };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];
const MON = MONTHS.map((m) => m.slice(0, 3));

/** dayWords is "25 September 2022"; short gives "25 Sep 2022". */
export function dayWords(day, short = false) {
  const { y, m, d } = ymd(day);
  return `${d} ${(short ? MON : MONTHS)[m - 1]} ${y}`;
}

/**
 * rangeWords is a readable inclusive range of days: "1–14 Sep 2022", or
 * for whole months and years "September 2022", "Jul – Sep 2022", "2022",
 * "2020–2029".
 */
export function rangeWords(first, last) {
  first = Math.floor(first); last = Math.floor(last);
  if (last <= first) return dayWords(first, true);
  const a = ymd(first), b = ymd(last);
  if (a.d === 1 && ymd(last + 1).d === 1) {
    if (a.m === 1 && b.m === 12) return a.y === b.y ? String(a.y) : `${a.y}–${b.y}`;
    if (a.y === b.y && a.m === b.m) return `${MONTHS[a.m - 1]} ${a.y}`;
    if (a.y === b.y) return `${MON[a.m - 1]} – ${MON[b.m - 1]} ${b.y}`;
    return `${MON[a.m - 1]} ${a.y} – ${MON[b.m - 1]} ${b.y}`;
  }
  if (a.y === b.y && a.m === b.m) return `${a.d}–${b.d} ${MON[b.m - 1]} ${b.y}`;
  if (a.y === b.y) return `${a.d} ${MON[a.m - 1]} – ${b.d} ${MON[b.m - 1]} ${b.y}`;
  return `${dayWords(first, true)} – ${dayWords(last, true)}`;
}

/**
 * A view is the window of time across the plot: {start, end} in days, end
 * exclusive. The functions below return new views and never mutate.
 */

/** clampView keeps a view within the zoom limits and the given bounds. */
export function clampView(v, bounds = { start: MIN_DAY, end: MAX_DAY + 1 }) {
  let span = Math.min(Math.max(v.end - v.start, MIN_SPAN), MAX_SPAN, bounds.end - bounds.start);
  let start = v.start + (v.end - v.start - span) / 2;
  if (start < bounds.start) start = bounds.start;
  if (start + span > bounds.end) start = bounds.end - span;
  return { start, end: start + span };
}

/** zoomView scales a view by factor (< 1 zooms in) around a point at frac (0-1) of its width. */
export function zoomView(v, factor, frac = 0.5, bounds) {
  const span = v.end - v.start;
  const next = Math.min(Math.max(span * factor, MIN_SPAN), MAX_SPAN);
  const anchor = v.start + span * frac;
  return clampView({ start: anchor - next * frac, end: anchor - next * frac + next }, bounds);
}

/** panView moves a view by days (negative is earlier). */
export function panView(v, days, bounds) {
  return clampView({ start: v.start + days, end: v.end + days }, bounds);
}

/** centreView puts day in the middle of a view of the given span. */
export function centreView(day, span, bounds) {
  return clampView({ start: day - span / 2, end: day + span / 2 }, bounds);
}

/** xOf maps a day to a pixel offset in a plot width px wide showing view v. */
export function xOf(v, width, day) {
  return ((day - v.start) / (v.end - v.start)) * width;
}

/** dayAt maps a pixel offset back to a day. */
export function dayAt(v, width, x) {
  return v.start + (x / width) * (v.end - v.start);
}

// Tick units, finest first. step walks from one tick to the next; floor
// finds the tick at or before a day; minPx is the room a label needs.
function monthStep(n) {
  return {
    floor(day) {
      const { y, m } = ymd(day);
      const mm = Math.floor((m - 1) / n) * n;
      return dayFromYMD(y, mm + 1, 1);
    },
    next(day) {
      const { y, m } = ymd(day);
      return dayFromYMD(y, m + n, 1);
    },
  };
}
function yearStep(n) {
  return {
    floor(day) {
      const { y } = ymd(day);
      return dayFromYMD(Math.floor(y / n) * n, 1, 1);
    },
    next(day) {
      return dayFromYMD(ymd(day).y + n, 1, 1);
    },
  };
}

export const UNITS = [
  { name: "day", approx: 1, minPx: 26, floor: Math.floor, next: (d) => d + 1,
    label: (d) => String(ymd(d).d) },
  { name: "week", approx: 7, minPx: 50, floor: (d) => Math.floor(d) - ymd(d).wd, next: (d) => d + 7,
    label: (d) => { const { d: dd, m } = ymd(d); return `${dd} ${MON[m - 1]}`; } },
  { name: "month", approx: 30.44, minPx: 36, ...monthStep(1),
    label: (d) => MON[ymd(d).m - 1] },
  { name: "quarter", approx: 91.3, minPx: 30, ...monthStep(3),
    label: (d) => `Q${Math.floor((ymd(d).m - 1) / 3) + 1}` },
  { name: "year", approx: 365.25, minPx: 42, ...yearStep(1),
    label: (d) => String(ymd(d).y) },
  { name: "5 years", approx: 1826, minPx: 42, ...yearStep(5),
    label: (d) => String(ymd(d).y) },
  { name: "decade", approx: 3652.5, minPx: 42, ...yearStep(10),
    label: (d) => String(ymd(d).y) },
];

// The coarser row of labels that gives the finer ticks their context.
const MAJOR = { day: "month", week: "month", month: "year", quarter: "year", year: "decade" };
const MAJOR_LABEL = {
  month: (d) => { const { m, y } = ymd(d); return `${MONTHS[m - 1]} ${y}`; },
  year: (d) => String(ymd(d).y),
  decade: (d) => `${ymd(d).y}s`,
};

function walk(unit, start, end, cap) {
  const out = [];
  for (let d = unit.floor(start); d < end && out.length < cap; d = unit.next(d)) {
    if (d >= start - unit.approx) out.push(d);
  }
  return out;
}

/**
 * ticks chooses the axis for a view drawn width px wide: the finest unit
 * whose labels fit, and a coarser row above it. It never returns more ticks
 * than the width has room for, whatever the zoom.
 * Returns {unit, minor: [{day, label}], major: [{day, label}]}.
 */
export function ticks(v, width) {
  const span = v.end - v.start;
  const pxPerDay = width / span;
  let unit = UNITS[UNITS.length - 1];
  for (const u of UNITS) {
    if (u.approx * pxPerDay >= u.minPx) { unit = u; break; }
  }
  const cap = Math.max(2, Math.ceil(width / unit.minPx) + 2);
  const minor = walk(unit, v.start, v.end, cap).map((day) => ({ day, label: unit.label(day) }));
  const majorName = MAJOR[unit.name];
  let major = [];
  if (majorName) {
    const mu = UNITS.find((u) => u.name === majorName);
    // Always label the major period the view starts in, at the left edge.
    major = walk(mu, v.start, v.end, cap).map((day) => ({ day: Math.max(day, v.start), label: MAJOR_LABEL[majorName](day) }));
  }
  return { unit: unit.name, minor, major };
}

/**
 * The calendar units the server counts by (GET /api/v1/histogram?unit=),
 * finest first, so counts line up with the axis: index numbers the units
 * from 1900 (whose first day was a Monday), start turns a number back into
 * the unit's first day.
 */
export const BUCKET_UNITS = [
  { name: "day", approx: 1, index: (d) => Math.floor(d) - MIN_DAY, start: (i) => MIN_DAY + i },
  { name: "week", approx: 7, index: (d) => Math.floor((Math.floor(d) - MIN_DAY) / 7), start: (i) => MIN_DAY + 7 * i },
  { name: "month", approx: 30.44, index: (d) => { const { y, m } = ymd(d); return (y - 1900) * 12 + m - 1; },
    start: (i) => dayFromYMD(1900 + Math.floor(i / 12), mod(i, 12) + 1, 1) },
  { name: "quarter", approx: 91.3, index: (d) => { const { y, m } = ymd(d); return (y - 1900) * 4 + Math.floor((m - 1) / 3); },
    start: (i) => dayFromYMD(1900 + Math.floor(i / 4), mod(i, 4) * 3 + 1, 1) },
  { name: "year", approx: 365.25, index: (d) => ymd(d).y - 1900, start: (i) => dayFromYMD(1900 + i, 1, 1) },
  { name: "decade", approx: 3652.5, index: (d) => Math.floor((ymd(d).y - 1900) / 10), start: (i) => dayFromYMD(1900 + 10 * i, 1, 1) },
];

/** mod is the remainder that is never negative: mod(-1, 12) is 11. */
function mod(a, n) {
  return ((a % n) + n) % n;
}

/** bucketUnit is the finest calendar unit whose buckets are at least minPx wide in a view drawn width px wide. */
export function bucketUnit(v, width, minPx) {
  const pxPerDay = width / (v.end - v.start);
  return BUCKET_UNITS.find((u) => u.approx * pxPerDay >= minPx) || BUCKET_UNITS[BUCKET_UNITS.length - 1];
}

/** unitNamed finds a bucket unit by its name. */
export function unitNamed(name) {
  return BUCKET_UNITS.find((u) => u.name === name) || null;
}

/** nests reports whether buckets of unit a add up exactly into buckets of unit b. */
export function nests(a, b) {
  if (a === b || a.name === "day") return true;
  if (a.name === "week" || b.name === "week") return false;
  return BUCKET_UNITS.indexOf(a) <= BUCKET_UNITS.indexOf(b);
}

/** How much a date's precision blurs its edges, as a fraction of its width. */
export const FADE = {
  day: 0, range: 0.04, week: 0.12, "month-part": 0.3, month: 0.22,
  season: 0.3, "half-year": 0.3, year: 0.3, reported: 0.3,
};

/**
 * busiestRun splits counts ({s, e, total} in time order, e inclusive) into
 * runs at every empty stretch of at least gap days, and returns the run
 * holding the most events as {start, end (exclusive), total}, or null when
 * nothing is counted. The timeline opens on it, so a long quiet stretch
 * (a year with no events) does not take the first screen.
 */
export function busiestRun(buckets, gap) {
  let best = null, cur = null;
  for (const b of buckets) {
    if (!b.total) continue;
    if (!cur || b.s - cur.end >= gap) {
      cur = { start: b.s, end: b.e + 1, total: 0 };
    }
    cur.end = Math.max(cur.end, b.e + 1);
    cur.total += b.total;
    if (!best || cur.total >= best.total) best = cur; // a tie goes to the later run
  }
  return best ? { ...best } : null;
}
