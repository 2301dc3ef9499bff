// layout.js: where each thing in view goes, as a pure function of the data,
// the view and the plot's size. It packs events into two tracks per lane and
// merges whatever would overlap into a labelled count, so the number of
// elements drawn is bounded by the plot's width, never by the event count.

import { xOf, rangeWords, FADE } from "./scale.js";

export const AXIS_H = 46;
export const LANE_H = 40;
export const TRACK_H = 18;
export const ITEM_H = 14;
export const POINT = 12;
const GAP = 3;
const MIN_BAR = 8;
const LABEL_MIN = 44;
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

function plural(n, one, many) {
  return `${fullCount(n)} ${n === 1 ? one : many}`;
}

/**
 * layout returns what to draw: {items, washes}. items are the buttons,
 * [{key, kind: "point"|"bar"|"cluster", type, lane, track, x, y, w, h, label,
 * aria (a function: words cost time, so only new buttons ask), first, last, count, ids, ev, fadeL, fadeR, labelW, more}], sorted by x
 * then lane; washes are faint backgrounds for long ranges with no room.
 * lanes is [{slug, name}]; snap is what Data.want returned.
 */
export function layout(snap, view, width, lanes, selected = null) {
  const laneOf = new Map(lanes.map((l, i) => [l.slug, i]));
  let items = snap.mode === "events" ? packEvents(snap.events, view, width, lanes, laneOf, GAP, selected)
    : snap.mode === "clusters" ? bucketClusters(snap.buckets, view, width, lanes, laneOf) : [];
  // Defensive: should a pathological view still produce too much, merge harder.
  for (let gap = GAP * 4; snap.mode === "events" && items.length > ITEM_BUDGET; gap *= 2) {
    items = packEvents(snap.events, view, width, lanes, laneOf, gap, selected);
  }
  const washes = items.filter((it) => it.kind === "wash");
  items = items.filter((it) => it.kind !== "wash");
  items.sort((a, b) => a.x - b.x || a.lane - b.lane);
  return { items, washes };
}

function isPoint(e) {
  return e.precision === "day" && e.s === e.e;
}

function eventAria(e) {
  return `${e.typeName}: ${e.title}. ${e.words}${e.place ? ", " + e.place : ""}`;
}

function packEvents(events, view, width, lanes, laneOf, gap, selected) {
  const out = [];
  const perLane = lanes.map(() => []);
  for (const e of events) {
    const li = laneOf.get(e.type);
    if (li != null) perLane[li].push(e);
  }
  const long = width * 0.4;
  perLane.forEach((evs, li) => {
    const lane = lanes[li];
    const laneTop = AXIS_H + li * LANE_H;
    // Events of the same day have no order within it: spread them over the
    // day's width, so at a high zoom each can be seen and chosen.
    const perDay = new Map();
    for (const e of evs) if (isPoint(e)) perDay.set(e.s, (perDay.get(e.s) || 0) + 1);
    const slot = new Map();
    const groups = evs.map((e) => {
      const x0 = xOf(view, width, e.s), x1 = xOf(view, width, e.e + 1);
      if (isPoint(e)) {
        let cx = (x0 + x1) / 2;
        const n = perDay.get(e.s), k = slot.get(e.s) || 0;
        slot.set(e.s, k + 1);
        if (n > 1 && x1 - x0 >= POINT * 2) cx = x0 + ((x1 - x0) * (k + 0.5)) / n;
        return { x0: cx - POINT / 2, x1: cx + POINT / 2, point: true, evs: [e], first: e.s, last: e.e };
      }
      return { x0, x1: Math.max(x1, x0 + MIN_BAR), rx0: x0, rx1: x1, point: false, evs: [e], first: e.s, last: e.e };
    });
    // The open event first, then short things: a range as long as the view
    // says less about where things are than the days inside it, so it yields.
    const rank = (g) => (g.evs[0].id === selected ? -1e9 : g.x1 - g.x0);
    groups.sort((a, b) => rank(a) - rank(b) || a.x0 - b.x0);
    const tracks = [[], []]; // each kept sorted by x0, its groups apart
    const over = [];
    for (const g of groups) {
      const h0 = hits(tracks[0], g, gap);
      if (!h0.length) { insert(tracks[0], g); continue; }
      const h1 = hits(tracks[1], g, gap);
      if (!h1.length) { insert(tracks[1], g); continue; }
      if (g.x1 - g.x0 >= long) { over.push(g); continue; }
      // No room: gather into the smaller neighbour, which becomes a count;
      // the open event stays on its own.
      const free = [...h0, ...h1].filter((o) => o.evs[0].id !== selected);
      if (!free.length) { over.push(g); continue; }
      const m = free.reduce((a, b) => (a.x1 - a.x0 <= b.x1 - b.x0 ? a : b));
      m.evs.push(...g.evs);
      m.x0 = Math.min(m.x0, g.x0);
      m.x1 = Math.max(m.x1, g.x1);
      m.first = Math.min(m.first, g.first);
      m.last = Math.max(m.last, g.last);
    }
    tracks.forEach((track, t) => {
      // A count that grew may now touch its neighbours: merge them.
      track.sort((a, b) => a.x0 - b.x0);
      const merged = [];
      for (const g of track) {
        const prev = merged[merged.length - 1];
        const alone = prev && (prev.evs[0].id === selected || g.evs[0].id === selected);
        if (prev && !alone && g.x0 < prev.x1 + gap && (prev.evs.length > 1 || g.evs.length > 1)) {
          prev.evs.push(...g.evs);
          prev.x1 = Math.max(prev.x1, g.x1);
          prev.first = Math.min(prev.first, g.first);
          prev.last = Math.max(prev.last, g.last);
        } else merged.push(g);
      }
      const y = laneTop + 3 + t * TRACK_H;
      merged.forEach((g, i) => {
        const next = merged[i + 1];
        const room = (next ? next.x0 : width + 200) - g.x1 - 6;
        out.push(groupItem(g, lane, li, t, y, view, width, room));
      });
    });
    if (over.length) {
      // Long ranges with no room left: a faint wash each (a few), and one
      // chip that lists them all.
      over.sort((a, b) => a.x0 - b.x0);
      over.slice(0, 3).forEach((g) => {
        const e = g.evs[0];
        const fade = (FADE[e.precision] ?? 0.2) * (g.rx1 - g.rx0);
        const x = Math.max(g.rx0, -40), x1 = Math.min(g.rx1, width + 40);
        out.push({
          key: "w" + e.id, kind: "wash", type: lane.slug, lane: li, x, y: laneTop + 1, w: x1 - x, h: LANE_H - 1,
          fadeL: g.rx0 < -2 ? 0 : Math.min(fade, (x1 - x) / 2), fadeR: g.rx1 > width + 2 ? 0 : Math.min(fade, (x1 - x) / 2),
        });
      });
      const n = over.reduce((k, g) => k + g.evs.length, 0);
      const first = Math.min(...over.map((g) => g.first)), last = Math.max(...over.map((g) => g.last));
      out.push({
        key: "o" + lane.slug, kind: "cluster", more: true, type: lane.slug, lane: li, track: 1,
        x: width - 40, y: laneTop + 3 + TRACK_H, w: 36, label: "+" + shortCount(n), count: n,
        ids: over.flatMap((g) => g.evs.map((e) => e.id)), first, last,
        aria: () => `${plural(n, "more " + lane.name + " event", "more " + lane.name + " events")} spanning this view, ${rangeWords(first, last)}. Enter to list them.`,
      });
    }
  });
  return out;
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

function groupItem(g, lane, li, track, y, view, width, room) {
  if (g.evs.length > 1) {
    const n = g.evs.length;
    const w = Math.max(g.x1 - g.x0, 24);
    return {
      key: `g${lane.slug}:${g.evs[0].id}:${n}`, kind: "cluster", type: lane.slug, lane: li, track,
      x: g.x0, y, w, label: shortCount(n), count: n, ids: g.evs.map((e) => e.id),
      first: g.first, last: g.last,
      aria: () => `${plural(n, lane.name + " event", lane.name + " events")}, ${rangeWords(g.first, g.last)}. Enter to zoom in.`,
    };
  }
  const e = g.evs[0];
  const item = {
    key: "e" + e.id, kind: g.point ? "point" : "bar", type: lane.slug, lane: li, track,
    x: g.x0, y, w: g.x1 - g.x0, label: e.title, count: 1, ids: [e.id], ev: e,
    first: e.s, last: e.e, aria: () => eventAria(e), fadeL: 0, fadeR: 0, labelW: 0,
  };
  if (g.point) {
    // A point's label sits to its right, in whatever room the next item leaves.
    item.labelW = room >= LABEL_MIN ? Math.min(room, 260) : 0;
  } else {
    const fade = (FADE[e.precision] ?? 0.2) * (g.rx1 - g.rx0);
    // Edges cut by the plot's edge are not vague, just out of view.
    item.fadeL = g.rx0 < -2 ? 0 : Math.min(fade, item.w / 2);
    item.fadeR = g.rx1 > width + 2 ? 0 : Math.min(fade, item.w / 2);
    if (g.rx0 < -40) { item.x = -40; item.w = g.x1 + 40; }
    if (item.x + item.w > width + 40) item.w = width + 40 - item.x;
    // The label starts where the bar comes into view and is solid.
    item.padL = Math.max(item.fadeL, -item.x);
    item.labelW = item.w - item.padL - item.fadeR >= LABEL_MIN ? 1 : 0;
  }
  return item;
}

function bucketClusters(buckets, view, width, lanes, laneOf) {
  const out = [];
  let max = 1;
  for (const b of buckets) for (const n of Object.values(b.counts)) max = Math.max(max, n);
  for (const b of buckets) {
    const x0 = Math.max(xOf(view, width, b.s), -40);
    const x1 = Math.min(xOf(view, width, b.e + 1), width + 40);
    for (const [slug, n] of Object.entries(b.counts)) {
      const li = laneOf.get(slug);
      if (li == null || !n) continue;
      const lane = lanes[li];
      // Taller for more events (square root, so small counts stay readable).
      const h = Math.round(16 + 14 * Math.sqrt(n / max));
      out.push({
        key: `b${slug}:${b.s}:${b.e}`, kind: "cluster", type: slug, lane: li, track: 0, h,
        x: x0 + 1, y: AXIS_H + li * LANE_H + Math.round((LANE_H - h) / 2), w: Math.max(x1 - x0 - 2, 6), label: shortCount(n), count: n,
        ids: null, first: b.s, last: b.e, big: true,
        aria: () => `${plural(n, lane.name + " event", lane.name + " events")}, ${rangeWords(b.s, b.e)}. Enter to zoom in.`,
      });
    }
  }
  return out;
}
