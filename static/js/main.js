// main.js enhances the server-rendered chronology. The list stays the source
// of truth and the page works without any of this; with it, a zoomable
// timeline and an overview strip appear above the list, and the reader's view
// (window, filters, open event) lives in the URL.

import * as api from "./api.js";
import { parseState, toSearch, filterParams } from "./state.js";
import { dayOf, isoOf, dayWords, rangeWords, unitNamed, busiestRun, MIN_DAY, MAX_DAY } from "./scale.js";
import { Data, compact } from "./data.js";
import { Timeline } from "./timeline.js";
import { Overview } from "./overview.js";
import { Card } from "./card.js";
import { List } from "./list.js";
import { fullCount } from "./layout.js";
// Named here too so the browser fetches it with the rest, not a round trip later.
import "./keyboard.js";

document.documentElement.classList.add("js");

const host = document.getElementById("timeline");
if (host) {
  boot(host).catch((err) => {
    // The list below still works; say what failed and leave it at that.
    host.dataset.error = String(err && err.message || err);
    console.error("timeline:", err);
  });
}

/** debounce runs fn once calls have stopped for ms. */
function debounce(fn, ms) {
  let t = 0;
  const d = (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  d.cancel = () => clearTimeout(t);
  return d;
}

async function boot(host) {
  const page = host.closest(".wrap") || document.body;
  const form = document.querySelector("[data-testid=filters]");
  let state = parseState(location.search);
  // The page left out types that do not exist and says so (a notice above
  // the form); the API would refuse them, so the script leaves them out too.
  if (form) {
    const known = new Set([...form.querySelectorAll("input[name=type]")].map((i) => i.value));
    const types = state.types.filter((t) => known.has(t));
    if (types.length !== state.types.length) {
      state = { ...state, types };
      history.replaceState(null, "", location.pathname + toSearch(state));
    }
  }
  let lanes = [];
  let extent = null; // {start, end} of the matching events, end exclusive
  let opening = null; // the view to open on when the URL names no window
  let quiet = true; // no URL writes while the page sets itself up
  let listedSearch = toSearch({ ...state, focus: null }); // what the list shows now

  host.hidden = false;
  host.classList.add("tl");
  host.setAttribute("role", "region");
  host.setAttribute("aria-label", "Timeline");

  const list = new List(page);
  const data = new Data(() => timeline.request());
  const timeline = new Timeline(host, data, {
    onView(view) {
      overview.setView(view);
      if (quiet) return;
      writeView();
      refreshList();
    },
    onSelect(ev, button) { openEvent(ev.id, ev, button); },
    onRender() { placeCard(); },
    onList(it, button) {
      // it.type is "all" in the phone's one lane of every type.
      const lane = lanes.find((l) => l.slug === it.type);
      const title = `${fullCount(it.count)} ${lane ? lane.name + " " : ""}events, ${rangeWords(it.first, it.last)}`;
      let load;
      if (it.ids) {
        const evs = it.ids.map((id) => data.events.get(id)).filter(Boolean);
        load = async () => ({ events: evs, next: null });
      } else {
        load = async (cursor) => {
          const p = filterParams(lane ? { ...state, types: [it.type] } : state);
          p.set("from", isoOf(Math.max(it.first, MIN_DAY)));
          p.set("to", isoOf(Math.min(it.last, MAX_DAY)));
          // A count holds the events that start in its period, not those already under way.
          p.set("ongoing", "skip");
          p.set("limit", "100");
          if (cursor) p.set("cursor", cursor);
          const res = await api.events(p);
          return { events: res.events.map(compact), next: res.next_cursor };
        };
      }
      card.list(title, load, button);
    },
  });
  const overview = new Overview(host, (view) => timeline.setView(view));
  const card = new Card(host, {
    onPick(ev, invoker) { openEvent(ev.id, ev, invoker); },
    onClose(id, restore, invoker) {
      timeline.select(null);
      if (state.focus != null) {
        state = { ...state, focus: null };
        history.replaceState(null, "", location.pathname + toSearch(state));
      }
      if (!restore) return;
      const back = (invoker && invoker.isConnected && invoker) || (id != null && timeline.buttonFor(id)) || timeline.tabStop || timeline.plot;
      back.focus({ preventScroll: true });
    },
  });

  // The window follows the view, written into the URL without a history
  // entry per frame; the list below follows once the view has settled.
  const writeView = debounce(() => {
    const v = timeline.view;
    state = { ...state, from: Math.floor(v.start), to: Math.ceil(v.end) - 1 };
    history.replaceState(null, "", location.pathname + toSearch(state));
    syncWindow();
    timeline.updateLabel();
  }, 250);
  const refreshList = debounce(() => showList(), 700);

  function showList() {
    const s = toSearch({ ...state, focus: null });
    if (s === listedSearch) return;
    listedSearch = s;
    list.show(state);
  }

  // setField writes a form field, unless keep and the reader is in it.
  function setField(name, v, keep = false) {
    const i = form.elements.namedItem(name);
    if (i && "value" in i && !(keep && i === document.activeElement)) i.value = v;
  }

  // syncWindow shows the view's window in the date fields as the view
  // moves; a field the reader is typing in is left alone, and nothing else
  // of the form changes with the view.
  function syncWindow() {
    if (!form) return;
    setField("from", state.from != null ? isoOf(state.from) : "", true);
    setField("to", state.to != null ? isoOf(state.to) : "", true);
  }

  // syncForm shows the whole state in the form, after filters change or
  // history moves.
  function syncForm() {
    if (!form) return;
    const set = setField;
    set("from", state.from != null ? isoOf(state.from) : "");
    set("to", state.to != null ? isoOf(state.to) : "");
    set("q", state.q);
    set("actor", state.actors.join(", "));
    for (const box of form.querySelectorAll("input[name=type]")) box.checked = state.types.includes(box.value);
    const places = state.places.map((p) => p.toLowerCase());
    for (const box of form.querySelectorAll("input[name=place]")) box.checked = places.includes(box.value.toLowerCase());
    // The summaries of the choices say how many are chosen, as the server writes them.
    const summarise = (sel, label, chosen, none) => {
      const sum = form.querySelector(sel);
      if (sum) sum.textContent = label + (chosen.length ? `: ${chosen.length} selected` : `: ${none}`);
    };
    summarise("details.types > summary", "Event types", state.types, "all");
    summarise("details.places > summary", "Places", state.places, "anywhere");
    const line = form.querySelector("[data-testid=active-filters]");
    if (line) line.textContent = activeFilters();
  }

  // activeFilters is the folded form's line, as views/filterfold.go writes it.
  function activeFilters() {
    const names = (sel, many) => {
      const n = [...form.querySelectorAll(sel)].filter((b) => b.checked).map((b) => b.closest("label").textContent.trim());
      return n.length > 2 ? `${n.length} ${many}` : n.join(", ");
    };
    const short = (d) => dayWords(d, true);
    const parts = [names("input[name=type]", "types"), names("input[name=place]", "places"), state.actors.join(", ")];
    if (state.from != null && state.to != null) parts.push(`${short(state.from)} – ${short(state.to)}`);
    else if (state.from != null) parts.push("from " + short(state.from));
    else if (state.to != null) parts.push("to " + short(state.to));
    if (state.q) parts.push(`“${state.q}”`);
    const out = parts.filter(Boolean);
    return out.length ? out.join(" · ") : "All events";
  }

  // The filtered period and its lanes come from one histogram of everything
  // that matches; the timeline then asks for what each view needs.
  async function loadOverview() {
    const p = filterParams(state);
    const w = host.clientWidth || 1000;
    // Calendar units, as fine as the strip has room for: counts line up with the years.
    p.set("unit", "auto");
    p.set("buckets", String(Math.min(1000, Math.max(60, Math.round(w / 3)))));
    const h = await api.histogram(p);
    const totals = {};
    for (const b of h.buckets) for (const [k, n] of Object.entries(b.counts)) totals[k] = (totals[k] || 0) + n;
    const chosen = (t) => !state.types.length || state.types.includes(t.slug);
    lanes = h.types.filter((t) => chosen(t) && (totals[t.slug] || h.total === 0));
    // The buckets span whole units; the matches' own first and last days frame the view.
    extent = h.extent ? { start: dayOf(h.extent.start), end: dayOf(h.extent.end) + 1 } : null;
    const ext = extent || { start: dayOf("2022-01-01"), end: dayOf("2023-01-01") };
    const pad = Math.max(45, (ext.end - ext.start) * 0.08);
    let bounds = { start: ext.start - pad, end: ext.end + pad };
    if (state.from != null) bounds.start = Math.min(bounds.start, state.from);
    if (state.to != null) bounds.end = Math.max(bounds.end, state.to + 1);
    timeline.setBounds(bounds);
    timeline.setLanes(lanes);
    const hist = {
      unit: unitNamed(h.unit),
      buckets: h.buckets.map((b) => ({ s: dayOf(b.start), e: dayOf(b.end), total: b.total, counts: b.counts })),
    };
    data.setCoarse(hist);
    opening = openingView(hist, ext, h.total);
    overview.setData(hist, lanes, bounds);
    host.classList.toggle("tl-empty", h.total === 0);
    return hist;
  }

  // Empty stretches: without a window in the URL the timeline opens on the
  // run of events that holds most of them, not on everything, when a long
  // quiet stretch (at least a tenth of the period, and two months) splits
  // the period. We chose this over an axis broken at the quiet stretch: a
  // break makes distance stop meaning time, and dragging or zooming across
  // it jumps. Here the scale stays honest, the overview strip shows the
  // other runs at a glance, and "All" (0) still shows the whole period.
  function openingView(hist, ext, total) {
    const all = ext.end - ext.start;
    const run = busiestRun(hist.buckets, Math.max(60, all * 0.1));
    if (!run || run.total < total / 2 || run.end - run.start > all * 0.85) return null;
    // More room after the last events than before the first: titles run to the right.
    const span = run.end - run.start;
    return { start: run.start - span * 0.03 - 3, end: run.end + span * 0.12 + 3 };
  }

  function viewFor(s) {
    const ext = extent || timeline.bounds;
    if (s.from == null && s.to == null) return opening || timeline.fitView();
    const start = s.from != null ? s.from : Math.min(ext.start, s.to - 30);
    const end = s.to != null ? s.to + 1 : Math.max(ext.end, start + 30);
    return { start, end };
  }

  // The open card never covers the event it shows: it sits on the side of
  // the plot away from the event, changing sides as the view moves, and when
  // neither side is clear on opening, the view moves the event into the part
  // the card leaves free. (On a phone the card is a sheet from the bottom:
  // the page scrolls the event above it.)
  let cardFresh = false; // the card just opened: the next frame that draws its event may move the view
  let cardW = null;
  const sheet = matchMedia("(max-width: 600px)");
  function placeCard() {
    if (!card.isOpen || card.id == null) return;
    const it = timeline.items.find((i) => i.ids && i.ids.includes(card.id));
    if (!it) return;
    const fresh = cardFresh;
    cardFresh = false;
    if (sheet.matches) {
      if (fresh) clearSheet(it);
      return;
    }
    const hostW = timeline.hostW, left = timeline.plotLeft;
    if (!cardW || cardW.host !== hostW) cardW = { host: hostW, w: card.root.offsetWidth };
    const margin = 14, room = 10;
    const a = left + it.x, b = a + it.w;
    const rightStart = hostW - margin - cardW.w, leftEnd = margin + cardW.w;
    const clearR = b <= rightStart - room, clearL = a >= leftEnd + room;
    let side = card.root.dataset.side || "right";
    if (side === "right" && !clearR && clearL) side = "left";
    else if (side === "left" && !clearL && clearR) side = "right";
    else if (!clearR && !clearL && fresh && !timeline.gesture) {
      // Neither side is clear: move the view the least that brings the
      // event into the part of the plot one side of the card leaves free.
      const w = timeline.width;
      const parts = [
        { side: "right", x0: 0, x1: rightStart - room - left },
        { side: "left", x0: leftEnd + room - left, x1: w },
      ];
      let best = null;
      for (const p of parts) {
        const fits = it.w <= p.x1 - p.x0 - 8;
        const x = fits ? Math.min(Math.max(it.x, p.x0 + 4), p.x1 - 4 - it.w) : p.x0 + 4;
        const cost = (fits ? 0 : 1e6) + Math.abs(it.x - x) - (fits ? 0 : p.x1 - p.x0);
        if (!best || cost < best.cost) best = { side: p.side, x, cost };
      }
      side = best.side;
      const v = timeline.view, span = v.end - v.start;
      const days = ((it.x - best.x) / w) * span;
      timeline.setView({ start: v.start + days, end: v.end + days }, true);
    }
    if (card.root.dataset.side !== side) card.root.dataset.side = side;
  }

  // clearSheet scrolls the page so the event stands above the card's sheet.
  function clearSheet(it) {
    const b = timeline.els.get(it.key);
    if (!b) return;
    const r = b.getBoundingClientRect();
    const top = card.root.getBoundingClientRect().top;
    if (r.bottom + 8 > top || r.top < 0) {
      window.scrollBy({ top: r.top - Math.max(8, (top - r.height) / 2), behavior: "instant" });
    }
  }

  async function openEvent(id, ev, invoker, { push = true, focus = true, full = null } = {}) {
    cardFresh = true;
    timeline.showTip(null); // the card says all the tip did
    if (push && state.focus !== id) {
      state = { ...state, focus: id };
      history.pushState(null, "", location.pathname + toSearch(state));
    }
    timeline.select(id);
    return card.open(id, ev, invoker, { focus, full });
  }

  // A focused event from the URL: centre the timeline on it and open its card.
  async function showFocus(id, { focusCard }) {
    let full;
    try {
      full = await api.event(id);
    } catch (err) {
      card.open(id, null, null, { focus: focusCard }); // says it is not available
      return;
    }
    const ev = compact(full);
    const v = timeline.view;
    if (!(ev.s >= v.start && ev.e < v.end) || (v.end - v.start) > 400) {
      // Close enough that events of the same day stand apart, with some context.
      // The card covers the right of the plot: put the event left of centre.
      const span = Math.max(21, Math.min(120, (ev.e - ev.s + 1) * 3));
      const mid = (ev.s + ev.e + 1) / 2;
      // Moving to the event is not the reader choosing a window: nothing
      // goes into From, To or the URL until they move the view themselves.
      const was = quiet;
      quiet = true;
      try {
        timeline.setView({ start: mid - span * 0.33, end: mid + span * 0.67 });
      } finally {
        quiet = was;
      }
    }
    openEvent(id, ev, null, { push: false, focus: focusCard, full });
  }

  // Applying filters is a discrete action: a history entry, and the list,
  // timeline and overview all start again from the new filter.
  async function apply(next, { push = true } = {}) {
    const filtersChanged = filterParams(next).toString() !== filterParams(state).toString();
    const windowChanged = next.from !== state.from || next.to !== state.to;
    state = next;
    if (push) history.pushState(null, "", location.pathname + toSearch(state));
    quiet = true;
    try {
      if (filtersChanged) {
        data.setFilter(state);
        const hist = await loadOverview();
        // Keep the window if anything matches in it; otherwise show where the matches are.
        if (!windowChanged && extent) {
          const v = timeline.view;
          const inView = hist.buckets.some((b) => b.total && b.e >= v.start && b.s < v.end);
          if (!inView) {
            state = { ...state, from: null, to: null };
            history.replaceState(null, "", location.pathname + toSearch(state));
            timeline.setView(opening || timeline.fitView());
          } else timeline.setView(v);
        }
      }
      if (windowChanged || (filtersChanged && !extent)) timeline.setView(viewFor(state), true);
    } finally {
      quiet = false;
    }
    syncForm();
    listedSearch = null;
    showList();
    timeline.updateLabel();
  }

  function readForm() {
    const fd = new FormData(form);
    const from = dayOf(fd.get("from") || "");
    const to = dayOf(fd.get("to") || "");
    const names = (s) => [...new Set(String(s || "").split(",").map((x) => x.trim()).filter(Boolean))];
    return {
      ...state,
      types: fd.getAll("type").map(String),
      places: fd.getAll("place").map(String),
      actors: names(fd.get("actor")),
      q: String(fd.get("q") || "").trim(),
      from: Number.isNaN(from) ? null : from,
      to: Number.isNaN(to) ? null : to,
      focus: null,
    };
  }

  if (form) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      card.close({ restore: false });
      apply(readForm());
    });
    form.addEventListener("change", (e) => {
      // Choices apply at once; typing a search or names waits for Enter or Apply.
      if (e.target.name === "q" || e.target.name === "actor") return;
      const next = readForm();
      if (next.from != null && next.to != null && next.from > next.to) return;
      apply(next);
    });
    const q = form.elements.namedItem("q");
    if (q) q.addEventListener("search", () => { if (!q.value) apply(readForm()); });
  }

  page.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-action=reset]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    card.close({ restore: false });
    apply({ from: null, to: null, types: [], places: [], actors: [], q: "", focus: null });
  });

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && card.isOpen && !e.defaultPrevented) {
      e.preventDefault();
      card.close();
    }
  });

  window.addEventListener("popstate", async () => {
    const next = parseState(location.search);
    writeView.cancel();
    const filtersChanged = filterParams(next).toString() !== filterParams(state).toString();
    const windowChanged = next.from !== state.from || next.to !== state.to;
    const focus = next.focus;
    state = next;
    quiet = true;
    try {
      if (filtersChanged) {
        data.setFilter(state);
        await loadOverview();
      }
      if (windowChanged || filtersChanged) timeline.setView(viewFor(state));
    } finally {
      quiet = false;
    }
    syncForm();
    if (focus == null) card.close({ restore: false });
    else if (card.id !== focus) showFocus(focus, { focusCard: false });
    showList();
    timeline.updateLabel();
  });

  // Boot: one histogram for the lanes and the overview, then the view.
  data.setFilter(state);
  await loadOverview();
  timeline.setView(viewFor(state));
  quiet = false;
  timeline.updateLabel();
  if (state.focus != null) {
    await showFocus(state.focus, { focusCard: true });
    quiet = false;
  }
  host.dataset.booted = "true";
}
