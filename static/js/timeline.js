// timeline.js: the zoomable, pannable view above the list. It owns the plot's
// DOM: an axis, one lane per type and a bounded set of buttons (events and
// counts) that it reuses from frame to frame. All drawing happens in one
// requestAnimationFrame callback that only writes to the DOM; sizes are read
// from a ResizeObserver, never during a frame.

import {
  ticks, zoomView, panView, clampView, centreView, dayAt, xOf, rangeWords, MIN_SPAN, MIN_DAY, MAX_DAY,
} from "./scale.js";
import { layout, fullCount, AXIS_H, LANE_H } from "./layout.js";

// lastDay is the last day a view shows any of, as main.js writes it into To:
// the period above the plot and the date fields name the same days.
const lastDay = (v) => Math.ceil(v.end) - 1;

// Titles are measured once each, on a canvas in the items' font: layout
// needs their widths to place them, and reading them from the DOM would
// cost a reflow per frame.
const widths = new Map();
let pen = null;
function measure(text) {
  let w = widths.get(text);
  if (w === undefined) {
    if (!pen) {
      pen = document.createElement("canvas").getContext("2d");
      const family = getComputedStyle(document.body).getPropertyValue("--font").trim() || getComputedStyle(document.body).fontFamily;
      pen.font = `600 11px ${family}`;
    }
    // letter-spacing is 0.01em; the margin covers a canvas that picks a narrower face.
    w = pen.measureText(text).width * 1.05 + text.length * 0.11 + 4;
    widths.set(text, w);
  }
  return w;
}
import { neighbour, nearest } from "./keyboard.js";

// Axis labels are measured the same way, in the axis's two fonts
// (static/css/timeline.css: .tl-tick 11px, .tl-major bold 12px), with the
// 4px of padding before the words.
const TICK_PAD = 4;
const axisWidths = new Map();
let axisPen = null;
function axisWidth(text, major) {
  const k = (major ? "M" : "m") + text;
  let w = axisWidths.get(k);
  if (w === undefined) {
    if (!axisPen) axisPen = document.createElement("canvas").getContext("2d");
    const family = getComputedStyle(document.body).getPropertyValue("--font").trim() || getComputedStyle(document.body).fontFamily;
    axisPen.font = major ? `700 12px ${family}` : `11px ${family}`;
    w = Math.ceil(axisPen.measureText(text).width * 1.04) + 2;
    axisWidths.set(k, w);
  }
  return w;
}

const reduceMotion = matchMedia("(prefers-reduced-motion: reduce)");

/** Below this host width the timeline draws one lane for all types. */
const COMPACT_W = 620;
const ONE_LANE = [{ slug: "all", name: "", all: true, maxTracks: 6 }];

function el(tag, cls, attrs = {}) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export class Timeline {
  /**
   * host is the element to draw in; data a Data; hooks are
   *   onView(view): the view changed (called often; debounce outside),
   *   onSelect(event, button): an event was chosen,
   *   onList(item, button): a count that cannot be zoomed further was chosen.
   */
  constructor(host, data, hooks) {
    this.host = host;
    this.data = data;
    this.hooks = hooks;
    this.view = { start: 0, end: 365 };
    this.bounds = undefined;
    this.lanes = [];
    this.width = 0;
    this.items = [];
    this.els = new Map(); // key → button
    this.currentKey = null; // the roving tab stop
    this.selectedId = null;
    this.raf = 0;
    // What drawing costs, for tests and the curious: frames drawn, their total and worst time in ms.
    this.stats = { frames: 0, totalMs: 0, maxMs: 0 };
    host.timelineStats = this.stats;
    this.build();
  }

  build() {
    const bar = el("div", "tl-head");
    this.rangeEl = el("p", "tl-period", { "aria-hidden": "true" });
    const tools = el("div", "tl-tools", { role: "toolbar", "aria-label": "Timeline zoom and pan", "aria-controls": "tl-plot" });
    const btn = (act, text, label, key) => {
      const b = el("button", "tl-tool", { type: "button", "data-act": act, "aria-label": label, title: `${label} (${key})` });
      b.textContent = text;
      tools.append(b);
      return b;
    };
    btn("earlier", "‹", "Earlier", "Page Up");
    btn("zoom-out", "−", "Zoom out", "−");
    btn("zoom-in", "+", "Zoom in", "+");
    btn("later", "›", "Later", "Page Down");
    const fit = btn("fit", "All", "Show the whole period", "0");
    fit.classList.add("tl-fit");
    this.statusEl = el("span", "tl-status", { "aria-hidden": "true" });
    bar.append(this.rangeEl, this.statusEl, tools);

    const body = el("div", "tl-body");
    this.lanesEl = el("ul", "tl-lanes", { "aria-hidden": "true" });
    this.plot = el("div", "tl-plot", {
      id: "tl-plot", role: "group", "aria-roledescription": "timeline",
      "aria-describedby": "tl-help", tabindex: "-1", "data-testid": "timeline-plot",
    });
    this.axis = el("div", "tl-axis", { "aria-hidden": "true" });
    this.washEl = el("div", "tl-washes", { "aria-hidden": "true" });
    this.sepEl = el("div", "tl-seps", { "aria-hidden": "true" });
    this.itemsEl = el("div", "tl-items", { "data-testid": "timeline-items" });
    this.tip = el("div", "tl-tip", { "aria-hidden": "true", hidden: "" });
    this.tipTitle = el("strong");
    this.tipMeta = el("span");
    this.tip.append(this.tipTitle, this.tipMeta);
    this.plot.append(this.axis, this.sepEl, this.washEl, this.itemsEl, this.tip);
    body.append(this.lanesEl, this.plot);

    const help = el("p", "tl-help", { id: "tl-help" });
    help.textContent = "Keys: arrows move between events and types, Enter opens an event or zooms into a count, + and − zoom, Page Up and Page Down move in time, Escape closes the card. Drag or scroll to pan and zoom.";
    this.host.append(bar, body, help, this.buildLegend());

    this.minor = [];
    this.major = [];

    tools.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-act]");
      if (b) this.act(b.dataset.act);
    });
    this.itemsEl.addEventListener("click", (e) => this.onClick(e));
    this.plot.addEventListener("keydown", (e) => this.onKey(e));
    this.plot.addEventListener("wheel", (e) => this.onWheel(e), { passive: false });
    this.plot.addEventListener("pointerdown", (e) => this.onPointerDown(e));
    this.plot.addEventListener("pointermove", (e) => this.onPointerMove(e));
    this.plot.addEventListener("pointerup", (e) => this.onPointerUp(e));
    this.plot.addEventListener("pointercancel", (e) => this.onPointerUp(e));
    this.itemsEl.addEventListener("pointerover", (e) => this.showTip(e.target.closest(".tl-item")));
    this.itemsEl.addEventListener("pointerout", (e) => {
      if (!e.relatedTarget || !this.itemsEl.contains(e.relatedTarget)) this.showTip(null);
    });
    this.itemsEl.addEventListener("focusin", (e) => {
      const b = e.target.closest(".tl-item");
      if (b) {
        this.setCurrent(b.dataset.key);
        if (b.matches(":focus-visible")) this.showTip(b);
      }
    });
    this.itemsEl.addEventListener("focusout", () => this.showTip(null));
    this.pointers = new Map();

    new ResizeObserver((entries) => {
      const w = Math.round(entries[0].contentRect.width);
      if (w !== this.width || !this.measured) {
        this.width = w; // 0 while hidden: nothing is drawn then
        this.measured = true;
        // Where the plot sits in the host, for what is placed over it (the card).
        this.plotLeft = this.plot.offsetLeft;
        this.hostW = this.host.clientWidth;
        this.request();
      }
    }).observe(this.plot);
  }

  /** buildLegend says what each mark means; the type colours are filled in by setLanes. */
  buildLegend() {
    const box = el("details", "tl-legend", { "data-testid": "timeline-legend" });
    const sum = el("summary");
    sum.textContent = "Legend";
    const marks = el("ul", "tl-legend-marks");
    for (const [cls, text] of [
      ["lg-point", "An event on one day"],
      ["lg-bar", "An event over several days"],
      ["lg-fuzzy", "Faded ends: dates known only roughly, such as “mid-September”"],
      ["lg-count", "A count of events too close to tell apart: choose it to zoom in"],
      ["lg-more", "Long events with no room left in the lane: choose it to list them"],
    ]) {
      const li = el("li");
      const mark = el("span", "lg-mark " + cls, { "aria-hidden": "true" });
      if (cls === "lg-count") mark.textContent = "3";
      if (cls === "lg-more") mark.textContent = "+2";
      li.append(mark, document.createTextNode(text));
      marks.append(li);
    }
    this.legendTypes = el("ul", "tl-legend-types", { "aria-label": "Event types" });
    box.append(sum, marks, this.legendTypes);
    return box;
  }

  // The view ----------------------------------------------------------------

  setLanes(lanes) {
    this.lanes = lanes;
    this.lanesEl.replaceChildren(...lanes.map((l) => {
      const li = el("li", "tl-lane cat-" + l.slug);
      const sw = el("span", "swatch");
      li.append(sw, document.createTextNode(l.name));
      return li;
    }));
    this.legendTypes.replaceChildren(...lanes.map((l) => {
      const li = el("li", "cat-" + l.slug);
      li.append(el("span", "swatch", { "aria-hidden": "true" }), document.createTextNode(l.name));
      return li;
    }));
    const h = AXIS_H + lanes.length * LANE_H + 6;
    this._plotH = h;
    this.plot.style.height = h + "px";
    this.lanesEl.style.height = h + "px";
    this.host.classList.toggle("tl-nolanes", lanes.length === 0);
    this.request();
  }

  /** setBounds limits panning and zooming to b, itself kept within the days the server answers for. */
  setBounds(b) {
    const start = Math.min(Math.max(b.start, MIN_DAY), MAX_DAY + 1 - MIN_SPAN);
    this.bounds = { start, end: Math.min(Math.max(b.end, start + MIN_SPAN), MAX_DAY + 1) };
  }

  /** setView shows v, animated when asked and motion is welcome. */
  setView(v, animate = false) {
    const target = clampView(v, this.bounds);
    cancelAnimationFrame(this.anim);
    this.anim = 0;
    this.target = target;
    if (!animate || reduceMotion.matches || !this.width) {
      this.view = target;
      this.changed();
      return;
    }
    const from = this.view, t0 = performance.now(), dur = 220;
    const ls0 = Math.log(from.end - from.start), ls1 = Math.log(target.end - target.start);
    const c0 = (from.start + from.end) / 2, c1 = (target.start + target.end) / 2;
    const step = (now) => {
      const k = Math.min((now - t0) / dur, 1);
      const e = 1 - Math.pow(1 - k, 3);
      const span = Math.exp(ls0 + (ls1 - ls0) * e), c = c0 + (c1 - c0) * e;
      this.view = { start: c - span / 2, end: c + span / 2 };
      this.changed();
      this.anim = k < 1 ? requestAnimationFrame(step) : 0;
    };
    this.anim = requestAnimationFrame(step);
  }

  changed() {
    this.request();
    this.hooks.onView(this.view);
  }

  request() {
    if (!this.raf) this.raf = requestAnimationFrame(() => this.render());
  }

  // Zooms and pans while an animation runs add up from where it is going.
  zoom(factor, frac = 0.5, animate = true) {
    const from = this.anim ? this.target : this.view;
    this.setView(zoomView(from, factor, frac, this.bounds), animate);
  }

  pan(fraction, animate = true) {
    const from = this.anim ? this.target : this.view;
    this.setView(panView(from, (from.end - from.start) * fraction, this.bounds), animate);
  }

  /** focusFrac is where the focused item is, as a fraction of the width, to zoom around it. */
  focusFrac() {
    const it = this.items.find((i) => i.key === this.currentKey);
    if (!it || !this.plot.contains(document.activeElement)) return 0.5;
    return Math.min(Math.max((it.x + it.w / 2) / this.width, 0), 1);
  }

  act(name) {
    switch (name) {
      case "zoom-in": return this.zoom(0.5, this.focusFrac());
      case "zoom-out": return this.zoom(2, this.focusFrac());
      case "earlier": return this.pan(-0.8);
      case "later": return this.pan(0.8);
      case "fit": return this.bounds && this.setView(this.fitView(), true);
    }
  }

  fitView() {
    const b = this.bounds;
    const pad = (b.end - b.start) * 0.04 + 1;
    return { start: b.start + pad, end: b.end - pad };
  }

  /** zoomTo shows the days first..last (inclusive) with a margin. */
  zoomTo(first, last, animate = true) {
    const span = Math.max((last + 1 - first) * 1.3, MIN_SPAN);
    this.setView(centreView((first + last + 1) / 2, span), animate);
  }

  // Drawing -----------------------------------------------------------------

  render() {
    this.raf = 0;
    const w = this.width;
    if (!this.measured) return; // the first size is on its way
    if (!w || !this.lanes.length) {
      // Hidden (a phone) or nothing to show: nothing is drawn or fetched.
      this.host.dataset.mode = w ? "empty" : "off";
      this.host.dataset.busy = "false";
      return;
    }
    const t0 = performance.now();
    // Narrow (a phone): one lane for every type, coloured by type and
    // allowed to grow taller, with no column of lane names beside it.
    const compact = this.hostW < COMPACT_W;
    if (this.compact !== compact) {
      this.compact = compact;
      this.host.classList.toggle("tl-compact", compact);
    }
    const snap = this.data.want(this.view, w);
    this.snap = snap;
    const { items, washes, lanes, height } = layout(snap, this.view, w, compact ? ONE_LANE : this.lanes, this.selectedId, measure);
    this.items = items;
    this.drawLanes(lanes, height);
    this.drawAxis(w);
    this.drawWashes(washes);
    this.drawItems();
    // Only what changed is written: every write costs a style pass.
    const busy = String(this.data.busy);
    if (this.host.dataset.mode !== snap.mode) this.host.dataset.mode = snap.mode;
    if (this.host.dataset.busy !== busy) {
      this.host.dataset.busy = busy;
      if (this.data.busy) this.plot.setAttribute("aria-busy", "true"); else this.plot.removeAttribute("aria-busy");
    }
    setText(this.rangeEl, rangeWords(this.view.start, lastDay(this.view)));
    setText(this.statusEl, snap.mode === "loading" ? "Loading…"
      : this.data.failed ? "Could not load some events" : snap.mode === "clusters" ? "Counts: zoom in for events" : "");
    const ms = performance.now() - t0;
    const st = this.stats;
    st.frames++;
    st.totalMs += ms;
    st.maxMs = Math.max(st.maxMs, ms);
    if (!this.readyMarked && snap.mode !== "loading") {
      this.readyMarked = true;
      performance.mark("timeline-ready");
      this.host.dataset.ready = "true";
    }
    if (this.readyMarked && !this.settledMarked && !this.data.busy) {
      this.settledMarked = true;
      performance.mark("timeline-settled");
    }
    if (this.pendingFocus) this.applyPendingFocus();
    if (this.hooks.onRender) this.hooks.onRender(this.view);
  }

  drawAxis(w) {
    const t = ticks(this.view, w);
    if (this.host.dataset.unit !== t.unit) this.host.dataset.unit = t.unit;
    const sync = (pool, list, cls) => {
      while (pool.length < list.length) {
        const d = el("div", cls);
        this.axis.append(d);
        pool.push(d);
      }
      while (pool.length > list.length) pool.pop().remove();
      list.forEach((tk, i) => {
        const d = pool[i];
        const x = Math.round(xOf(this.view, w, tk.day));
        if (d._x !== x) { d.style.transform = `translateX(${x}px)`; d._x = x; }
        if (d._l !== tk.label) { d.textContent = tk.label; d._l = tk.label; }
      });
    };
    sync(this.minor, t.minor, "tl-tick");
    sync(this.major, t.major, "tl-major");
    // A label is shown only where all of it fits: inside the plot, and for
    // the coarser row clear of the next label. One that would be cut at an
    // edge keeps its tick line and hides its words (the axis is
    // aria-hidden; the period is written above the plot).
    const fits = (d, lw, end) => d._x >= 0 && d._x + TICK_PAD + lw <= end;
    for (const d of this.minor) {
      const hide = !fits(d, axisWidth(d._l, false), w);
      if (d._hide !== hide) { d.classList.toggle("tl-squeezed", hide); d._hide = hide; }
    }
    this.major.forEach((d, i) => {
      const next = this.major[i + 1];
      const hide = !fits(d, axisWidth(d._l, true), next ? Math.min(next._x - 6, w) : w);
      if (d._hide !== hide) { d.classList.toggle("tl-squeezed", hide); d._hide = hide; }
    });
  }

  /** drawLanes sizes each lane to the tracks its items need, and the plot to all of them. */
  drawLanes(lanes, height) {
    const h = height + 6;
    if (this._plotH !== h) {
      this.plot.style.height = h + "px";
      this.lanesEl.style.height = h + "px";
      this._plotH = h;
    }
    const rows = this.lanesEl.children;
    const seps = this.seps || (this.seps = []);
    while (seps.length < lanes.length) {
      const d = el("div", "tl-sep");
      this.sepEl.append(d);
      seps.push(d);
    }
    while (seps.length > lanes.length) seps.pop().remove();
    lanes.forEach((l, i) => {
      const row = rows[i];
      if (row && row._h !== l.h) { row.style.height = l.h + "px"; row._h = l.h; }
      if (seps[i]._top !== l.top) { seps[i].style.transform = `translateY(${l.top}px)`; seps[i]._top = l.top; }
    });
  }

  drawWashes(washes) {
    const pool = this.washes || (this.washes = []);
    while (pool.length < washes.length) {
      const d = el("div", "tl-wash");
      this.washEl.append(d);
      pool.push(d);
    }
    while (pool.length > washes.length) pool.pop().remove();
    washes.forEach((it, i) => {
      const d = pool[i];
      if (d._type !== it.type) { d.className = "tl-wash cat-" + it.type; d._type = it.type; }
      d.style.transform = `translate(${Math.round(it.x)}px,${it.y}px)`;
      d.style.width = Math.max(Math.round(it.w), 2) + "px";
      d.style.height = it.h + "px";
      d.style.setProperty("--fl", Math.round(it.fadeL) + "px");
      d.style.setProperty("--fr", Math.round(it.fadeR) + "px");
    });
  }

  drawItems() {
    const seen = new Set();
    const active = document.activeElement;
    let lostFocus = null;
    for (const it of this.items) {
      seen.add(it.key);
      let b = this.els.get(it.key);
      if (!b) {
        b = el("button", `tl-item tl-${it.kind} cat-${it.type}`, { type: "button", tabindex: "-1" });
        b.dataset.key = it.key;
        b.dataset.testid = "timeline-item";
        if (it.kind !== "cluster") b.dataset.id = String(it.ev.id);

        if (it.big) b.classList.add("tl-big");
        if (it.more) b.classList.add("tl-more");
        this.els.set(it.key, b);
        this.itemsEl.append(b);
      }
      b._item = it;
      const sig = it.label + "|" + it.count + "|" + it.first + "|" + it.last;
      if (b._sig !== sig) {
        if (b._label !== it.label) b.textContent = it.label;
        b.setAttribute("aria-label", it.aria());
        b._sig = sig;
        b._label = it.label;
      }
      const x = Math.round(it.x * 2) / 2, y = it.y;
      if (b._x !== x || b._y !== y) { b.style.transform = `translate(${x}px,${y}px)`; b._x = x; b._y = y; }
      let w;
      if (it.kind === "point") w = Math.round(it.w);
      else w = Math.max(Math.round(it.w), 6);
      if (b._w !== w) { b.style.width = w + "px"; b._w = w; }
      if (it.h && b._h !== it.h) {
        b.style.height = it.h + "px";
        b.style.lineHeight = it.h + "px";
        b._h = it.h;
      }
      if (it.kind === "point") {
        const lab = it.labelW > 0;
        if (b._lab !== lab) { b.classList.toggle("tl-labelled", lab); b._lab = lab; }
      } else if (it.kind === "bar") {
        const fl = Math.round(it.fadeL), fr = Math.round(it.fadeR), pl = Math.round(it.padL), pr = Math.round(it.padR);
        if (b._fl !== fl || b._fr !== fr || b._pl !== pl || b._pr !== pr) {
          b.style.setProperty("--fl", fl + "px");
          b.style.setProperty("--fr", fr + "px");
          b.style.setProperty("--pl", pl + "px");
          b.style.setProperty("--pr", pr + "px");
          b._fl = fl; b._fr = fr; b._pl = pl; b._pr = pr;
        }
        const lab = it.labelW > 0;
        if (b._lab !== lab) { b.classList.toggle("tl-labelled", lab); b._lab = lab; }
        const bw = it.barW ? Math.round(it.barW) : 0;
        if (b._bw !== bw) {
          b.classList.toggle("tl-outside", bw > 0);
          b.style.setProperty("--bw", bw + "px");
          b._bw = bw;
        }
      }
      // The open event is marked; so is a count that holds it.
      const sel = this.selectedId != null && !!it.ids && it.ids.includes(this.selectedId);
      if (b._sel !== sel) {
        b.classList.toggle("is-selected", sel);
        if (sel) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
        b._sel = sel;
      }
    }
    for (const [key, b] of this.els) {
      if (seen.has(key)) continue;
      if (b === active) lostFocus = b._item;
      b.remove();
      this.els.delete(key);
    }
    // Keep one tab stop: the current item if it is still drawn, or the one
    // nearest where it was, or the plot itself when nothing is in view.
    let cur = this.currentKey && this.els.get(this.currentKey);
    if (!cur && this.items.length) {
      const ref = lostFocus || (this.currentItem) || null;
      const it = ref ? nearest(this.items, ref.x + ref.w / 2, ref.lane) : nearest(this.items, this.width / 2);
      this.currentKey = it.key;
      cur = this.els.get(it.key);
    }
    if (this.tabStop !== cur) {
      if (this.tabStop && this.tabStop.isConnected) this.tabStop.tabIndex = -1;
      if (cur) cur.tabIndex = 0;
      this.tabStop = cur || null;
    }
    const plotTab = cur ? -1 : 0;
    if (this.plot.tabIndex !== plotTab) this.plot.tabIndex = plotTab;
    this.currentItem = cur ? cur._item : null;
    if (lostFocus) (cur || this.plot).focus({ preventScroll: true });
  }

  setCurrent(key) {
    this.currentKey = key;
    const b = this.els.get(key);
    if (b && this.tabStop !== b) {
      if (this.tabStop && this.tabStop.isConnected) this.tabStop.tabIndex = -1;
      b.tabIndex = 0;
      this.tabStop = b;
      this.currentItem = b._item;
    }
  }

  /** focusItem moves keyboard focus to the item with key, once it is drawn. */
  focusKey(key) {
    this.setCurrent(key);
    const b = this.els.get(key);
    if (b) b.focus({ preventScroll: true });
  }

  /** focusWhenDrawn focuses what match(items) picks after the next frame. */
  focusWhenDrawn(match) {
    this.pendingFocus = match;
    this.request();
  }

  applyPendingFocus() {
    if (this.snap.mode === "loading") return;
    const it = this.pendingFocus(this.items);
    if (it === undefined) return; // not yet: wait for data
    this.pendingFocus = null;
    if (it) this.focusKey(it.key);
  }

  /** select marks the event whose card is open. */
  select(id) {
    this.selectedId = id;
    this.request();
  }

  /** buttonFor returns the button drawing event id, if drawn. */
  buttonFor(id) {
    return this.els.get("e" + id) || null;
  }

  // Interaction ---------------------------------------------------------------

  onClick(e) {
    const b = e.target.closest(".tl-item");
    if (!b || this.suppressClick) return;
    this.activate(b);
  }

  activate(b) {
    const it = b._item;
    if (it.kind !== "cluster") {
      this.hooks.onSelect(it.ev, b);
      return;
    }
    const keyboard = this.plot.contains(document.activeElement);
    if (it.more) {
      this.hooks.onList(it, b);
      return;
    }
    const span = this.view.end - this.view.start;
    const wantSpan = Math.max((it.last + 1 - it.first) * 1.3, MIN_SPAN);
    if (wantSpan >= span * 0.9 && span <= MIN_SPAN * 1.5) {
      // As close as it gets and still together: list them instead.
      this.hooks.onList(it, b);
      return;
    }
    const target = wantSpan >= span * 0.9 ? span / 2 : wantSpan;
    this.setView(centreView((it.first + it.last + 1) / 2, target), true);
    if (keyboard) {
      // After zooming, focus the first thing drawn inside the count's period and lane.
      const { first, last, lane } = it;
      this.focusWhenDrawn((items) => {
        if (this.anim) return undefined;
        const inside = items.filter((i) => i.lane === lane && i.last >= first && i.first <= last);
        return inside[0] || items[0] || null;
      });
    }
  }

  onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const b = e.target.closest(".tl-item");
    const cur = b ? b._item : null;
    const k = e.key;
    let handled = true;
    if ((k === "ArrowLeft" || k === "ArrowRight") && e.shiftKey) {
      this.pan(k === "ArrowLeft" ? -0.2 : 0.2);
    } else if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(k)) {
      if (!this.items.length && (k === "ArrowLeft" || k === "ArrowRight")) {
        this.pan(k === "ArrowLeft" ? -0.5 : 0.5);
      } else {
        const next = neighbour(this.items, cur, k);
        if (next) this.focusKey(next.key);
        else if (k === "ArrowLeft" || k === "ArrowRight") this.stepBeyond(cur, k === "ArrowRight" ? 1 : -1);
      }
    } else if (k === "PageUp" || k === "PageDown") {
      this.pan(k === "PageUp" ? -0.8 : 0.8);
    } else if (k === "+" || k === "=") {
      this.zoom(0.5, this.focusFrac());
    } else if (k === "-" || k === "_") {
      this.zoom(2, this.focusFrac());
    } else if (k === "0") {
      this.act("fit");
    } else {
      handled = false;
    }
    if (handled) e.preventDefault();
  }

  /** stepBeyond pans to the next event (or count) past the edge of the view and focuses it. */
  stepBeyond(cur, dir) {
    const day = cur ? (dir > 0 ? cur.first : cur.last) : (dir > 0 ? this.view.end : this.view.start);
    const span = this.view.end - this.view.start;
    let target = null;
    if (this.snap && this.snap.mode === "events") {
      const e = this.data.nextEvent(dir > 0 ? Math.max(day, this.view.end - 1) : Math.min(day, this.view.start), dir);
      if (e) target = { day: e.s, id: e.id };
    } else if (this.snap) {
      const bk = this.data.nextBucket(dir > 0 ? this.view.end - 1 : this.view.start, dir, this.snap.unit);
      if (bk) target = { day: dir > 0 ? bk.s : bk.e };
    }
    if (!target) {
      this.pan(dir * 0.5);
      return;
    }
    // Bring it in near the edge it enters from, keeping the zoom.
    const start = dir > 0 ? target.day - span * 0.75 : target.day - span * 0.25;
    this.setView({ start, end: start + span }, true);
    this.focusWhenDrawn((items) => {
      if (this.anim) return undefined;
      if (target.id != null) {
        const hit = items.find((i) => i.ids && i.ids.includes(target.id));
        if (hit) return hit;
      }
      return nearest(items, xOf(this.view, this.width, target.day)) || null;
    });
  }

  onWheel(e) {
    if (e.ctrlKey && !e.deltaY) return;
    e.preventDefault();
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.width : 1;
    const dx = e.deltaX * scale, dy = e.deltaY * scale;
    const rect = this.plotRect || this.plot.getBoundingClientRect();
    if (Math.abs(dx) > Math.abs(dy) || e.shiftKey) {
      const d = Math.abs(dx) > Math.abs(dy) ? dx : dy;
      this.setView(panView(this.view, (d / this.width) * (this.view.end - this.view.start), this.bounds));
      return;
    }
    const frac = Math.min(Math.max((e.clientX - rect.left) / this.width, 0), 1);
    const k = e.ctrlKey ? 0.01 : 0.0015; // a pinch on a touchpad arrives as a ctrl-wheel with small deltas
    this.setView(zoomView(this.view, Math.exp(Math.max(Math.min(dy * k, 1), -1)), frac, this.bounds));
  }

  onPointerDown(e) {
    if (e.button !== 0 && e.pointerType === "mouse") return;
    this.plotRect = this.plot.getBoundingClientRect();
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.gesture = {
      view: this.view, x: e.clientX, moved: false,
      pinch: this.pointers.size === 2 ? this.pinchStart() : null,
    };
  }

  pinchStart() {
    const [a, b] = [...this.pointers.values()];
    return { dist: Math.abs(a.x - b.x) || 1, mid: (a.x + b.x) / 2, view: this.view };
  }

  onPointerMove(e) {
    if (!this.pointers.has(e.pointerId) || !this.gesture) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = this.gesture;
    const rect = this.plotRect;
    if (g.pinch && this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      const dist = Math.abs(a.x - b.x) || 1, mid = (a.x + b.x) / 2;
      const p = g.pinch;
      const anchorDay = dayAt(p.view, this.width, p.mid - rect.left);
      const span = (p.view.end - p.view.start) * (p.dist / dist);
      const frac = (mid - rect.left) / this.width;
      this.setView({ start: anchorDay - span * frac, end: anchorDay - span * frac + span });
      g.moved = true;
      return;
    }
    const dx = e.clientX - g.x;
    if (!g.moved && Math.abs(dx) < 5) return;
    if (!g.moved) {
      g.moved = true;
      this.plot.setPointerCapture(e.pointerId);
      this.host.classList.add("tl-dragging");
      this.showTip(null);
    }
    this.setView(panView(g.view, (-dx / this.width) * (g.view.end - g.view.start), this.bounds));
  }

  onPointerUp(e) {
    this.pointers.delete(e.pointerId);
    if (!this.gesture) return;
    if (this.gesture.moved) {
      // The click that ends a drag is not a choice.
      this.suppressClick = true;
      setTimeout(() => { this.suppressClick = false; }, 0);
    }
    this.host.classList.remove("tl-dragging");
    if (this.pointers.size === 0) this.gesture = null;
    else this.gesture = { view: this.view, x: [...this.pointers.values()][0].x, moved: true, pinch: null };
  }

  showTip(b) {
    if (!b || this.gesture) {
      this.tip.hidden = true;
      return;
    }
    const it = b._item;
    if (it.kind === "cluster") {
      this.tipTitle.textContent = it.type === "all" ? `${fullCount(it.count)} events` : `${fullCount(it.count)} ${this.laneName(it.type)} events`;
      this.tipMeta.textContent = rangeWords(it.first, it.last) + " · click to zoom in";
    } else {
      this.tipTitle.textContent = it.ev.title;
      this.tipMeta.textContent = it.ev.words + (it.ev.place ? " · " + it.ev.place : "");
    }
    const x = Math.min(Math.max(it.x, 4), this.width - 280);
    this.tip.style.transform = `translate(${Math.max(x, 0)}px, ${it.y + 22}px)`;
    this.tip.hidden = false;
  }

  laneName(slug) {
    const l = this.lanes.find((x) => x.slug === slug);
    return l ? l.name : slug;
  }

  /** describe is the view in words, for the plot's label. */
  describe() {
    const n = this.items.length;
    const what = this.snap && this.snap.mode === "clusters" ? "counts of events" : n === 1 ? "event" : "events";
    return `Timeline, ${rangeWords(this.view.start, lastDay(this.view))}: ${n} ${what} in view`;
  }

  updateLabel() {
    this.plot.setAttribute("aria-label", this.describe());
  }
}
