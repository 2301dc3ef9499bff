// layout.js: where each thing in view goes, as a pure function of the data,
// the view and the plot's size. It places events greedily, in time order, in
// the first track of their lane where they fit with their title beside or
// inside them; titles are cut short only where the next item begins. Lanes
// grow to MAX_TRACKS, and only what still does not fit merges into a count, so the number of
// elements drawn is bounded by the plot's width, never by the event count.

import { xOf, rangeWords, FADE } from "./scale.js";

export const AXIS_H = 46;
export const TRACK_H = 18;
/** Tracks per lane: lanes grow from MIN_TRACKS to fit their items, up to MAX_TRACKS, then counts. */
export const MIN_TRACKS = 2;
export const MAX_TRACKS = 6;
/** laneHeight is the height of a lane of n tracks (two make 40px). */
export function laneHeight(n) {
  return n * TRACK_H + 4;
}
export const LANE_H = laneHeight(MIN_TRACKS);
export const ITEM_H = 14;
export const POINT = 12;
const GAP = 3;
const MIN_BAR = 8;
const LABEL_MIN = 44;
const LABEL_MAX = 480;
/** Hard cap on items, whatever the data: the DOM budget. */
export const ITEM_BUDGET = 900;

/** shortCount writes counts compactly: 7, 950, 1.2k, 12k. */
export function shortCount(n) {
  if (n < 1000) return String(n);
  if (n < 10000) return (Math.round(n / 100) / 10).toFixed(1).replace(/\.0$/, "") + "k";
  return Math.round(n / 1000) + "k";
}

// One formatter for every count: toLocaleString builds a new one per call,
// which costs more than drawing the button the count is for.
const numbers = new Intl.NumberFormat("en-GB");

/** fullCount writes a count with thousands separators: 12,345. */
export function fullCount(n) {
  return numbers.format(n);
}

// named is "Protest events", or just "events" in the lane of every type.
function named(lane, what) {
  return lane.all ? what : lane.name + " " + what;
}

function plural(n, one, many) {
  return `${fullCount(n)} ${n === 1 ? one : many}`;
}

/**
 * layout returns what to draw: {items, washes, lanes, height}. items are the buttons,
 * [{key, kind: "point"|"bar"|"cluster", type, lane, track, x, y, w, h, label,
 * aria (a function: words cost time, so only new buttons ask), first, last, count, ids, ev, fadeL, fadeR, labelW, more}], sorted by x
 * then lane; washes are faint backgrounds for long ranges with no room; lanes
 * are [{top, h}], each lane as tall as the tracks its items need, and height
 * the plot's. measure(title) is a title's width in px at the items' font.
 * lanes is [{slug, name}]; snap is what Data.want returned.
 */
export function layout(snap, view, width, lanes, selected = null, measure = roughWidth) {
  // One lane may hold every type (lane.all: the phone's timeline).
  const laneOf = lanes.length === 1 && lanes[0].all ? { get: () => 0 } : new Map(lanes.map((l, i) => [l.slug, i]));
  const even = () => {
    const tops = lanes.map((_, i) => ({ top: AXIS_H + i * LANE_H, h: LANE_H }));
    return { tops, height: AXIS_H + lanes.length * LANE_H };
  };
  let packed = snap.mode === "events" ? packEvents(snap.events, view, width, lanes, laneOf, GAP, selected, measure)
    : { out: snap.mode === "clusters" ? bucketClusters(snap.buckets, view, width, lanes, laneOf) : [], ...even() };
  // Defensive: should a pathological view still produce too much, merge harder.
  for (let gap = GAP * 4; snap.mode === "events" && packed.out.length > ITEM_BUDGET; gap *= 2) {
    packed = packEvents(snap.events, view, width, lanes, laneOf, gap, selected, measure);
  }
  let items = packed.out;
  const washes = items.filter((it) => it.kind === "wash");
  items = items.filter((it) => it.kind !== "wash");
  items.sort((a, b) => a.x - b.x || a.lane - b.lane);
  return { items, washes, lanes: packed.tops, height: packed.height };
}

// roughWidth guesses a title's width at 11px when no browser measures it.
function roughWidth(s) {
  return s.length * 6.2;
}

function isPoint(e) {
  return e.precision === "day" && e.s === e.e;
}

function eventAria(e) {
  return `${e.typeName}: ${e.title}. ${e.words}${e.place ? ", " + e.place : ""}`;
}

function packEvents(events, view, width, lanes, laneOf, gap, selected, measure) {
  const out = [];
  const perLane = lanes.map(() => []);
  for (const e of events) {
    const li = laneOf.get(e.type);
    if (li != null) perLane[li].push(e);
  }
  const long = width * 0.4;
  const tracksOf = [];
  perLane.forEach((evs, li) => {
    const lane = lanes[li];
    // Events of the same day have no order within it: spread them over the
    // day's width, so at a high zoom each can be seen and chosen.
    const perDay = new Map();
    for (const e of evs) if (isPoint(e)) perDay.set(e.s, (perDay.get(e.s) || 0) + 1);
    const slot = new Map();
    const groups = evs.map((e) => {
      const x0 = xOf(view, width, e.s), x1 = xOf(view, width, e.e + 1);
      const text = Math.ceil(measure(e.title)) + 2;
      if (isPoint(e)) {
        let cx = (x0 + x1) / 2;
        const n = perDay.get(e.s), k = slot.get(e.s) || 0;
        slot.set(e.s, k + 1);
        if (n > 1 && x1 - x0 >= POINT * 2) cx = x0 + ((x1 - x0) * (k + 0.5)) / n;
        const g = { x0: cx - POINT / 2, m1: cx + POINT / 2, point: true, evs: [e], first: e.s, last: e.e };
        g.ls = g.x0 + POINT + 4;
        g.full = g.ls + Math.min(text, LABEL_MAX);
        return g;
      }
      const m1 = Math.max(x1, x0 + MIN_BAR);
      const g = { x0, m1, rx0: x0, rx1: x1, point: false, evs: [e], first: e.s, last: e.e };
      // The title goes inside the bar when it fits there (from where the bar
      // comes into view and is solid), else beside its end.
      const fade = (FADE[e.precision] ?? 0.2) * (x1 - x0);
      const vx0 = Math.max(x0, -40), vx1 = Math.min(m1, width + 40);
      const padL = Math.max(Math.min(fade, (vx1 - vx0) / 2), -vx0, 0);
      const fadeR = x1 > width + 2 ? 0 : Math.min(fade, (vx1 - vx0) / 2);
      // When the title fits neither inside nor after the bar (a narrow
      // plot), it goes where more of it shows.
      const inRoom = vx1 - vx0 - padL - fadeR - 11, outRoom = width - m1 - 8;
      const want = Math.min(text, LABEL_MAX);
      g.inside = inRoom >= want || m1 > width - LABEL_MIN || (outRoom < want && inRoom >= LABEL_MIN && inRoom > outRoom);
      g.ls = g.inside ? m1 : m1 + 4;
      g.full = g.inside ? m1 : g.ls + Math.min(text, LABEL_MAX);
      return g;
    });
    // The open event first, then in time; ranges as long as the view say less
    // about where things are than the days inside them, so they come last.
    const rank = (g) => (g.evs[0].id === selected ? 0 : g.m1 - g.x0 >= long ? 2 : 1);
    groups.sort((a, b) => rank(a) - rank(b) || a.x0 - b.x0);
    const tracks = [];
    const over = [];
    for (const g of groups) {
      const fit = bestTrack(tracks, g, gap, lane.maxTracks || MAX_TRACKS);
      if (fit) { place(tracks, fit, g, gap); continue; }
      if (g.m1 - g.x0 >= long) { over.push(g); continue; }
      // No room in any track: gather into the smallest item it touches,
      // which becomes a count; the open event stays on its own.
      const free = tracks.flatMap((tr) => hits(tr, { x0: g.x0, x1: g.m1 }, gap)).filter((o) => o.evs[0].id !== selected && o.x0 < g.m1 + gap && g.x0 < o.m1 + gap);
      if (!free.length) { over.push(g); continue; }
      const m = free.reduce((a, b) => (a.m1 - a.x0 <= b.m1 - b.x0 ? a : b));
      absorb(m, g);
    }
    // Counts that grew may now touch their neighbours: merge them, and cut
    // any label short of the next item, so nothing ever overlaps.
    const done = tracks.map((track) => {
      track.sort((a, b) => a.x0 - b.x0);
      const merged = [];
      for (const g of track) {
        const prev = merged[merged.length - 1];
        if (prev && prev.x1 + gap > g.x0) {
          if (prev.m1 + gap <= g.x0) { cut(prev, g.x0 - gap); merged.push(g); continue; }
          if (prev.evs[0].id !== selected && g.evs[0].id !== selected) { absorb(prev, g); continue; }
        }
        merged.push(g);
      }
      return merged;
    });
    let chip = null;
    if (over.length) {
      const n = over.reduce((k, g) => k + g.evs.length, 0);
      chip = { x0: width - 40, m1: width - 4, x1: width - 4, over, n };
      // The chip needs a place of its own: the first track free at the end, or a new one.
      let t = done.findIndex((tr) => !tr.length || tr[tr.length - 1].x1 + gap <= chip.x0);
      if (t < 0) { t = done.length; done.push([]); }
      chip.track = t;
    }
    tracksOf[li] = { done, chip, over, lane };
  });
  // Each lane as tall as its tracks: from two up to MAX_TRACKS (and one more for a chip).
  const tops = [];
  let top = AXIS_H;
  tracksOf.forEach((l, li) => {
    const n = l ? Math.max(MIN_TRACKS, l.done.length) : MIN_TRACKS;
    tops[li] = { top, h: laneHeight(n) };
    top += laneHeight(n);
  });
  tracksOf.forEach((l, li) => {
    if (!l) return;
    const { done, chip, over, lane } = l;
    const laneTop = tops[li].top;
    done.forEach((track, t) => {
      const y = laneTop + 3 + t * TRACK_H;
      for (const g of track) out.push(groupItem(g, lane, li, t, y, view, width));
    });
    if (chip) {
      // Long ranges with no room left: a faint wash each (a few), and one
      // chip that lists them all.
      over.sort((a, b) => a.x0 - b.x0);
      over.slice(0, 3).forEach((g) => {
        const e = g.evs[0];
        const fade = (FADE[e.precision] ?? 0.2) * (g.rx1 - g.rx0);
        const x = Math.max(g.rx0, -40), x1 = Math.min(g.rx1, width + 40);
        out.push({
          key: "w" + e.id, kind: "wash", type: lane.slug, lane: li, x, y: laneTop + 1, w: x1 - x, h: tops[li].h - 1,
          fadeL: g.rx0 < -2 ? 0 : Math.min(fade, (x1 - x) / 2), fadeR: g.rx1 > width + 2 ? 0 : Math.min(fade, (x1 - x) / 2),
        });
      });
      const n = chip.n;
      const first = Math.min(...over.map((g) => g.first)), last = Math.max(...over.map((g) => g.last));
      out.push({
        key: "o" + lane.slug, kind: "cluster", more: true, type: lane.slug, lane: li, track: chip.track,
        x: width - 40, y: laneTop + 3 + chip.track * TRACK_H, w: 36, label: "+" + shortCount(n), count: n,
        ids: over.flatMap((g) => g.evs.map((e) => e.id)), first, last,
        aria: () => `${plural(n, "more " + named(lane, "event"), "more " + named(lane, "events"))} spanning this view, ${rangeWords(first, last)}. Enter to list them.`,
      });
    }
  });
  return { out, tops, height: top };
}

// A dropped label costs more than any amount of truncation.
const DROP = 10000;

// bestTrack finds where g goes: the first track where it fits with its whole
// label, else the one where labels (its own and its left neighbour's) lose
// the least; null when its mark collides in every track.
function bestTrack(tracks, g, gap, max) {
  let best = null;
  for (let t = 0; t <= tracks.length && t < max; t++) {
    const track = tracks[t] || [];
    let end = g.full, ok = true;
    const cuts = [];
    for (const o of hits(track, { x0: g.x0, x1: g.full }, gap)) {
      if (o.x0 < g.m1 + gap && g.x0 < o.m1 + gap) { ok = false; break; }
      if (o.x0 < g.x0) cuts.push(o); else end = Math.min(end, o.x0 - gap);
    }
    if (!ok) continue;
    let loss = labelLoss(g, g.full, end);
    for (const o of cuts) loss += labelLoss(o, o.x1, g.x0 - gap);
    if (!best || loss < best.loss) best = { t, end, cuts, loss };
    if (loss === 0) break;
  }
  return best;
}

function labelLoss(g, from, to) {
  if (to >= from) return 0;
  if (g.full <= g.ls || from <= g.ls) return 0; // no label to lose
  return to - g.ls < LABEL_MIN ? DROP : from - to;
}

function place(tracks, fit, g, gap) {
  for (const o of fit.cuts) cut(o, g.x0 - gap);
  g.x1 = g.full;
  cut(g, fit.end);
  if (!tracks[fit.t]) tracks[fit.t] = [];
  insert(tracks[fit.t], g);
}

// cut ends g's label at x, or drops it when too little would be left.
function cut(g, x) {
  if (x >= g.x1) return;
  g.x1 = x - g.ls >= LABEL_MIN ? x : g.m1;
}

// absorb gathers g into m, which becomes a count.
function absorb(m, g) {
  m.evs.push(...g.evs);
  m.x0 = Math.min(m.x0, g.x0);
  m.m1 = Math.max(m.m1, g.m1);
  m.x1 = Math.max(m.m1, m.x0 + 24);
  m.ls = m.full = m.x1;
  m.first = Math.min(m.first, g.first);
  m.last = Math.max(m.last, g.last);
}

// hits returns the groups of a track (sorted by x0, not overlapping) that g
// would touch, found by bisection: drawing stays fast with many events.
function hits(track, g, gap) {
  let lo = 0, hi = track.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (track[mid].x1 + gap <= g.x0) lo = mid + 1; else hi = mid;
  }
  const out = [];
  for (let i = Math.max(lo - 1, 0); i < track.length && track[i].x0 < g.x1 + gap; i++) {
    const o = track[i];
    if (g.x0 < o.x1 + gap && g.x1 + gap > o.x0) out.push(o);
  }
  return out;
}

function insert(track, g) {
  let lo = 0, hi = track.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (track[mid].x0 < g.x0) lo = mid + 1; else hi = mid;
  }
  track.splice(lo, 0, g);
}

function groupItem(g, lane, li, track, y, view, width) {
  if (g.evs.length > 1) {
    const n = g.evs.length;
    const w = Math.max(g.x1 - g.x0, 24);
    return {
      key: `g${lane.slug}:${g.evs[0].id}:${n}`, kind: "cluster", type: lane.slug, lane: li, track,
      x: g.x0, y, w, label: shortCount(n), count: n, ids: g.evs.map((e) => e.id),
      first: g.first, last: g.last,
      aria: () => `${plural(n, named(lane, "event"), named(lane, "events"))}, ${rangeWords(g.first, g.last)}. Enter to zoom in.`,
    };
  }
  const e = g.evs[0];
  const item = {
    key: "e" + e.id, kind: g.point ? "point" : "bar", type: lane.all ? e.type : lane.slug, lane: li, track,
    x: g.x0, y, w: g.m1 - g.x0, label: e.title, count: 1, ids: [e.id], ev: e,
    first: e.s, last: e.e, aria: () => eventAria(e), fadeL: 0, fadeR: 0, labelW: 0,
  };
  const room = g.x1 - g.ls;
  if (g.point) {
    // A point's label sits to its right, as far as the next item allows.
    item.labelW = room >= LABEL_MIN ? room : 0;
    item.w = POINT + (item.labelW ? 4 + item.labelW : 0);
    return item;
  }
  const fade = (FADE[e.precision] ?? 0.2) * (g.rx1 - g.rx0);
  // Edges cut by the plot's edge are not vague, just out of view.
  item.fadeL = g.rx0 < -2 ? 0 : Math.min(fade, item.w / 2);
  item.fadeR = g.rx1 > width + 2 ? 0 : Math.min(fade, item.w / 2);
  if (g.rx0 < -40) { item.x = -40; item.w = g.m1 + 40; }
  if (item.x + item.w > width + 40) item.w = width + 40 - item.x;
  // The label starts where the bar comes into view and is solid.
  item.padL = Math.max(item.fadeL, -item.x);
  // ...and ends where the plot does, so a cut title shows its ellipsis.
  // A title inside stops before the bar fades, so it keeps its contrast.
  item.padR = Math.max(item.x + item.w - width, 0) + (g.inside ? item.fadeR : 0);
  if (g.inside) {
    item.labelW = item.w - item.padL - item.fadeR >= LABEL_MIN ? 1 : 0;
  } else if (room >= LABEL_MIN) {
    // Too short for its title: the title follows the bar.
    item.barW = item.w;
    item.labelW = room;
    item.w = g.x1 - item.x;
  }
  return item;
}

function bucketClusters(buckets, view, width, lanes, laneOf) {
  const out = [];
  let max = 1;
  for (const b of buckets) for (const n of Object.values(lanes.length === 1 && lanes[0].all ? { all: b.total } : b.counts)) max = Math.max(max, n);
  for (const b of buckets) {
    const x0 = Math.max(xOf(view, width, b.s), -40);
    const x1 = Math.min(xOf(view, width, b.e + 1), width + 40);
    const counts = lanes.length === 1 && lanes[0].all ? { [lanes[0].slug]: b.total } : b.counts;
    for (const [slug, n] of Object.entries(counts)) {
      const li = laneOf.get(slug);
      if (li == null || !n) continue;
      const lane = lanes[li];
      // Taller for more events (square root, so small counts stay readable).
      const h = Math.round(16 + 14 * Math.sqrt(n / max));
      out.push({
        key: `b${slug}:${b.s}:${b.e}`, kind: "cluster", type: slug, lane: li, track: 0, h,
        x: x0 + 1, y: AXIS_H + li * LANE_H + Math.round((LANE_H - h) / 2), w: Math.max(x1 - x0 - 2, 6), label: shortCount(n), count: n,
        ids: null, first: b.s, last: b.e, big: true,
        aria: () => `${plural(n, named(lane, "event"), named(lane, "events"))}, ${rangeWords(b.s, b.e)}. Enter to zoom in.`,
      });
    }
  }
  return out;
}
