// data.js: what the timeline knows about the events of one filter. It asks
// the server for counts (histogram tiles) everywhere, and for the events
// themselves only where few enough are in view; everything fetched is cached
// until the filter changes, so panning back and forth costs nothing.

import * as api from "./api.js";
import { dayOf, isoOf, bucketUnit, nests, BUCKET_UNITS, MIN_DAY, MAX_DAY } from "./scale.js";
import { filterParams, filterKey } from "./state.js";

/** Buckets per histogram tile: tiles of a unit line up so they can be cached. */
const TILE = 64;
/** The narrowest a cluster of counts is drawn, in pixels. */
export const CLUSTER_PX = 36;
/** Above this many events in view the timeline draws counts instead. */
export const EVENT_MAX = 700;
const PAGE = 500;
const MAX_PAGES = 4;
const MAX_TILES = 600;
const MAX_EVENTS = 40000;

/** compact keeps what the timeline needs of an API event, with day numbers. */
export function compact(e) {
  const s = dayOf(e.start);
  const end = dayOf(e.end);
  return {
    id: e.id, title: e.title || "", summary: e.summary || "", type: e.type,
    typeName: e.type_name || e.type, s, e: Number.isNaN(end) ? s : Math.max(end, s),
    precision: e.precision || "day", words: e.date_words || e.start, place: e.place || "", url: e.path || e.url || "",
  };
}

export class Data {
  /** onChange is called (at most once per task) when new data arrives. */
  constructor(onChange) {
    this.onChange = onChange;
    this.key = null;
    this.gen = 0;
    this.reset();
  }

  reset() {
    this.tiles = new Map(); // "unit:i" → {state, buckets}
    this.coarse = null; // the overview's histogram: {unit, buckets}, enough for zoomed-out views
    this.coarseAt = new Map(); // unit → the overview's buckets merged into it
    this.events = new Map(); // id → compact event
    this.covered = []; // sorted, disjoint [first, last] day windows whose events are all loaded
    this.sorted = null; // events by start, rebuilt lazily
    this.maxLen = 0; // longest event in days, to find those that started before a window
    this.pending = null; // the events window being fetched
    this.failed = false;
    this.inflight = 0; // requests under way, so the page can say it is busy
    this.gen++;
  }

  /** busy reports whether data for the current filter is still arriving. */
  get busy() {
    return this.inflight > 0;
  }

  /** setFilter switches to a state's filters, dropping caches of the old ones. */
  setFilter(state) {
    const k = filterKey(state);
    if (k === this.key) return false;
    this.key = k;
    this.params = filterParams(state);
    if (this.abort) this.abort.abort();
    this.reset();
    return true;
  }

  /** setCoarse hands over the overview's histogram ({unit, buckets}) of the same filter. */
  setCoarse(hist) {
    this.coarse = hist;
    this.coarseAt = new Map();
  }

  /** coarseFits reports whether the overview's buckets add up exactly into buckets of unit u. */
  coarseFits(u) {
    return !!(this.coarse && this.coarse.unit && nests(this.coarse.unit, u));
  }

  // coarseBuckets merges the overview's buckets into buckets of unit u; it
  // is only used where the overview's unit adds up into u exactly.
  coarseBuckets(view, u) {
    let all = this.coarseAt.get(u);
    if (!all) {
      all = [];
      for (const b of this.coarse.buckets) {
        const i = u.index(b.s);
        let m = all[all.length - 1];
        if (!m || m.i !== i) {
          m = { i, s: u.start(i), e: u.start(i + 1) - 1, total: 0, counts: {} };
          all.push(m);
        }
        m.total += b.total;
        for (const [k, n] of Object.entries(b.counts)) m.counts[k] = (m.counts[k] || 0) + n;
      }
      this.coarseAt.set(u, all);
    }
    return all.filter((b) => b.e >= view.start && b.s < view.end);
  }

  notify() {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => { this.notifyQueued = false; this.onChange(); });
  }

  // Histogram tiles -------------------------------------------------------

  tileRange(u, i) {
    const from = u.start(i * TILE);
    const to = Math.min(u.start((i + 1) * TILE) - 1, MAX_DAY);
    return { from, to };
  }

  loadTile(u, i) {
    const key = u.name + ":" + i;
    if (this.tiles.has(key)) return;
    const { from, to } = this.tileRange(u, i);
    if (from > MAX_DAY) return;
    const tile = { state: "loading", buckets: [] };
    this.tiles.set(key, tile);
    if (this.tiles.size > MAX_TILES) this.tiles.delete(this.tiles.keys().next().value);
    const p = new URLSearchParams(this.params);
    p.set("from", isoOf(from));
    p.set("to", isoOf(to));
    p.set("unit", u.name);
    // Each event counts once, in the tile it starts in, so tiles side by side add up.
    p.set("ongoing", "skip");
    const gen = this.gen;
    this.inflight++;
    api.histogram(p).finally(() => { if (gen === this.gen) this.inflight--; }).then((h) => {
      if (gen !== this.gen) return;
      tile.buckets = h.buckets.map((b) => ({ s: dayOf(b.start), e: dayOf(b.end), total: b.total, counts: b.counts }));
      tile.state = "ok";
      this.notify();
    }, (err) => {
      if (gen !== this.gen) return;
      tile.state = "error";
      this.tiles.delete(key); // try again on the next move
      this.failed = err;
      this.notify();
    });
  }

  /** tilesOf returns the first and last tile numbers of unit u that view touches. */
  tilesOf(view, u) {
    const first = Math.floor(u.index(Math.max(view.start, MIN_DAY)) / TILE);
    const last = Math.floor(u.index(Math.min(view.end, MAX_DAY)) / TILE);
    return [first, last];
  }

  /** bucketsAt returns loaded buckets of unit u overlapping view, or null if any is missing. */
  bucketsAt(view, u) {
    const [first, last] = this.tilesOf(view, u);
    const out = [];
    for (let i = first; i <= last; i++) {
      const t = this.tiles.get(u.name + ":" + i);
      if (!t || t.state !== "ok") return null;
      for (const b of t.buckets) if (b.e >= view.start && b.s < view.end) out.push(b);
    }
    return out;
  }

  // Events ------------------------------------------------------------------

  isCovered(first, last) {
    return this.covered.some(([a, b]) => a <= first && b >= last);
  }

  addCovered(first, last) {
    const all = [...this.covered, [first, last]].sort((x, y) => x[0] - y[0]);
    const out = [];
    for (const w of all) {
      const prev = out[out.length - 1];
      if (prev && w[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], w[1]);
      else out.push([w[0], w[1]]);
    }
    this.covered = out;
  }

  async loadEvents(first, last) {
    if (first > last) return; // a view wholly outside the days the server answers for
    if (this.pending && this.pending[0] <= first && this.pending[1] >= last) return;
    if (this.abort) this.abort.abort();
    const ctrl = new AbortController();
    this.abort = ctrl;
    this.pending = [first, last];
    const gen = this.gen;
    const p = new URLSearchParams(this.params);
    p.set("from", isoOf(first));
    p.set("to", isoOf(last));
    p.set("limit", String(PAGE));
    this.inflight++;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await api.events(p, ctrl.signal);
        if (gen !== this.gen) return;
        let lastStart = first;
        for (const raw of res.events) {
          const e = compact(raw);
          this.events.set(e.id, e);
          this.maxLen = Math.max(this.maxLen, e.e - e.s);
          lastStart = e.s;
        }
        this.sorted = null;
        if (!res.next_cursor) {
          this.addCovered(first, last);
          break;
        }
        // Everything that starts before the last start seen is complete.
        if (lastStart - 1 >= first) this.addCovered(first, lastStart - 1);
        p.set("cursor", res.next_cursor);
        this.notify();
      }
      if (this.events.size > MAX_EVENTS) this.trim(first, last);
      this.notify();
    } catch (err) {
      if (!api.isAbort(err) && gen === this.gen) {
        this.failed = err;
        this.notify();
      }
    } finally {
      if (gen === this.gen) this.inflight--;
      if (this.abort === ctrl) { this.abort = null; this.pending = null; }
    }
  }

  // trim forgets events outside a window when the cache grows too big.
  trim(first, last) {
    for (const [id, e] of this.events) if (e.e < first || e.s > last) this.events.delete(id);
    this.covered = this.covered.filter(([a, b]) => b >= first && a <= last)
      .map(([a, b]) => [Math.max(a, first), Math.min(b, last)]);
    this.sorted = null;
  }

  byStart() {
    if (!this.sorted) this.sorted = [...this.events.values()].sort((a, b) => a.s - b.s || a.id - b.id);
    return this.sorted;
  }

  /** eventsIn returns loaded events overlapping [first, last] in chronological order. */
  eventsIn(first, last) {
    const arr = this.byStart();
    let lo = 0, hi = arr.length;
    const from = first - this.maxLen;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid].s < from) lo = mid + 1; else hi = mid; }
    const out = [];
    for (let i = lo; i < arr.length && arr[i].s <= last; i++) if (arr[i].e >= first) out.push(arr[i]);
    return out;
  }

  // The view ----------------------------------------------------------------

  /**
   * want asks for what a view needs and returns what can be drawn now:
   * {mode: "events" | "clusters" | "loading", events, buckets, unit, total}.
   */
  want(view, width) {
    const u = bucketUnit(view, width, CLUSTER_PX);
    if (this.coarseFits(u)) {
      // Zoomed out: the overview's counts add up into these, no request needed.
      const buckets = this.coarseBuckets(view, u);
      let total = 0;
      for (const b of buckets) total += b.total;
      if (total > EVENT_MAX) return { mode: "clusters", events: [], buckets, unit: u, total };
    }
    const [first, last] = this.tilesOf(view, u);
    for (let i = Math.max(first - 1, 0); i <= last + 1; i++) this.loadTile(u, i);

    // Counts for the view in this unit or, while they load, a coarser one
    // (or the next finer, which at most quadruples the counts drawn).
    let buckets = this.bucketsAt(view, u);
    let level = u;
    const at = BUCKET_UNITS.indexOf(u);
    for (const step of [1, 2, 3, -1]) {
      const alt = BUCKET_UNITS[at + step];
      if (buckets || !alt) continue;
      buckets = this.bucketsAt(view, alt);
      level = alt;
    }
    const dayFirst = Math.floor(view.start), dayLast = Math.ceil(view.end) - 1;
    const covered = this.isCovered(dayFirst, dayLast);
    if (!buckets) {
      if (covered) return { mode: "events", events: this.eventsIn(dayFirst, dayLast), buckets: [], unit: u, total: -1 };
      return { mode: "loading", events: [], buckets: [], unit: u, total: -1 };
    }
    let total = 0;
    for (const b of buckets) total += b.total;
    if (total <= EVENT_MAX) {
      if (covered) return { mode: "events", events: this.eventsIn(dayFirst, dayLast), buckets, unit: level, total };
      const margin = Math.ceil((view.end - view.start) / 4);
      this.loadEvents(Math.max(dayFirst - margin, MIN_DAY), Math.min(dayLast + margin, MAX_DAY));
    }
    return { mode: "clusters", events: [], buckets, unit: level, total };
  }

  /** nextEvent finds the first loaded event starting after day (or before, if dir < 0). */
  nextEvent(day, dir) {
    const arr = this.byStart();
    if (dir > 0) return arr.find((e) => e.s > day) || null;
    for (let i = arr.length - 1; i >= 0; i--) if (arr[i].s < day) return arr[i];
    return null;
  }

  /** nextBucket finds the nearest known non-empty bucket of unit u after (or before) day. */
  nextBucket(day, dir, u) {
    const lists = [];
    const prefix = u.name + ":";
    for (const [k, t] of this.tiles) if (t.state === "ok" && k.startsWith(prefix)) lists.push(t.buckets);
    if (this.coarseFits(u)) {
      lists.push(this.coarseBuckets({ start: MIN_DAY, end: MAX_DAY + 1 }, u));
    }
    let best = null;
    for (const list of lists) {
      for (const b of list) {
        if (!b.total) continue;
        if (dir > 0 && b.s > day && (!best || b.s < best.s)) best = b;
        if (dir < 0 && b.e < day && (!best || b.e > best.e)) best = b;
      }
    }
    return best;
  }
}
