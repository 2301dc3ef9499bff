// state.js: the reader's view lives in the URL, so any view can be shared
// and back and forward work. These functions read and write it; they hold no
// state themselves.

import { dayOf, isoOf, dayFromYMD, ymd } from "./scale.js";

const MAX_Q = 200;

// A state is {from, to, types, places, actors, q, focus}: from and to are
// day numbers (to inclusive) or null, types, places and actors are arrays,
// q a string, focus an event id or null.

/** parseState reads a query string ("?from=..." or URLSearchParams). */
export function parseState(search) {
  const p = search instanceof URLSearchParams ? search : new URLSearchParams(search);
  const list = (name) => {
    const out = [];
    for (const v of p.getAll(name)) {
      for (const part of v.split(",")) {
        const s = part.trim();
        if (s && !out.includes(s)) out.push(s);
      }
    }
    return out;
  };
  let from = readDay(p.get("from"), false);
  let to = readDay(p.get("to"), true);
  if (from != null && to != null && from > to) [from, to] = [to, from];
  const focus = /^\d{1,15}$/.test(p.get("focus") || "") ? Number(p.get("focus")) : null;
  return {
    from, to,
    types: list("type"),
    places: list("place"),
    actors: list("actor"),
    q: (p.get("q") || "").trim().slice(0, MAX_Q),
    focus,
  };
}

// readDay accepts what the server accepts: YYYY-MM-DD, YYYY-MM or YYYY; a
// month or year means its last day when it ends a window.
function readDay(s, end) {
  s = (s || "").trim();
  const d = dayOf(s);
  if (Number.isNaN(d)) return null;
  if (!end || s.length === 10) return d;
  const { y, m } = ymd(d);
  return s.length === 7 ? dayFromYMD(y, m + 1, 0) : dayFromYMD(y + 1, 1, 0);
}

/** toSearch writes a state as a query string, in a stable order ("" when empty). */
export function toSearch(s) {
  const p = filterParams(s);
  if (s.from != null) p.set("from", isoOf(s.from));
  if (s.to != null) p.set("to", isoOf(s.to));
  if (s.focus != null) p.set("focus", String(s.focus));
  const str = p.toString();
  return str ? "?" + str : "";
}

/** filterParams is the part of the state that selects events, without the window. */
export function filterParams(s) {
  const p = new URLSearchParams();
  for (const t of s.types) p.append("type", t);
  for (const pl of s.places) p.append("place", pl);
  for (const a of s.actors) p.append("actor", a);
  if (s.q) p.set("q", s.q);
  return p;
}

/** filterKey identifies the filters, for caches that hold one filter's data. */
export function filterKey(s) {
  return filterParams(s).toString();
}
