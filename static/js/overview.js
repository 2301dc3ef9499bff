// overview.js: the strip under the timeline that shows how events spread over
// the whole filtered period (a stacked histogram on a canvas) and the window
// of it in view, which can be dragged, resized at its edges, or moved with
// the keyboard as a slider.

import { xOf, dayAt, rangeWords, ticks, MIN_SPAN, clampView } from "./scale.js";

const HEIGHT = 44;
const AXIS = 14;
const dark = matchMedia("(prefers-color-scheme: dark)");

function el(tag, cls, attrs = {}) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// mix lightens a category colour for dark backgrounds, where the stored
// colours (chosen for white text) are too dark to see.
function mix(hex, amount) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return "#888";
  const n = parseInt(m[1], 16);
  const c = [n >> 16, (n >> 8) & 255, n & 255].map((v) => Math.round(v + (255 - v) * amount));
  return `rgb(${c[0]} ${c[1]} ${c[2]})`;
}

export class Overview {
  /** onMove(view, final) is called while the window is dragged and when it is let go. */
  constructor(host, onMove) {
    this.onMove = onMove;
    this.root = el("div", "tl-overview", { "data-testid": "overview" });
    this.canvas = el("canvas", "ov-canvas", { "aria-hidden": "true" });
    this.win = el("div", "ov-window", {
      role: "slider", tabindex: "0", "aria-label": "Period shown",
      "aria-orientation": "horizontal", "data-testid": "overview-window",
    });
    this.root.append(this.canvas, this.win);
    const caption = el("p", "ov-caption");
    caption.textContent = "Events over time: drag the window to choose the period listed below.";
    host.append(caption, this.root);
    this.hist = null;
    this.domain = { start: 0, end: 1 };
    this.view = null;
    this.width = 0;

    new ResizeObserver((entries) => {
      const w = Math.round(entries[0].contentRect.width);
      if (w && w !== this.width) { this.width = w; this.draw(); this.place(); }
    }).observe(this.root);
    dark.addEventListener("change", () => this.draw());
    this.root.addEventListener("pointerdown", (e) => this.down(e));
    this.root.addEventListener("pointermove", (e) => this.move(e));
    this.root.addEventListener("pointerup", (e) => this.up(e));
    this.root.addEventListener("pointercancel", (e) => this.up(e));
    this.win.addEventListener("keydown", (e) => this.key(e));
  }

  /** setData gives the histogram of the whole filtered period and the lanes' colours. */
  setData(hist, lanes, domain) {
    this.hist = hist;
    this.lanes = lanes;
    this.domain = domain;
    this.win.setAttribute("aria-valuemin", String(Math.floor(domain.start)));
    this.win.setAttribute("aria-valuemax", String(Math.ceil(domain.end)));
    this.draw();
    this.place();
  }

  setView(v) {
    this.view = v;
    this.place();
  }

  place() {
    if (!this.view || !this.width) return;
    const v = this.view, d = this.domain;
    let x0 = xOf(d, this.width, v.start), x1 = xOf(d, this.width, v.end);
    x0 = Math.max(0, Math.min(x0, this.width - 8));
    x1 = Math.min(this.width, Math.max(x1, x0 + 8));
    this.win.style.transform = `translateX(${x0}px)`;
    this.win.style.width = (x1 - x0) + "px";
    const now = String(Math.round(v.start)), text = rangeWords(v.start, v.end - 1);
    if (this.win.getAttribute("aria-valuetext") !== text) {
      this.win.setAttribute("aria-valuenow", now);
      this.win.setAttribute("aria-valuetext", text);
    }
  }

  draw() {
    const c = this.canvas, w = this.width;
    if (!w) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(w * ratio);
    c.height = Math.round(HEIGHT * ratio);
    c.style.width = w + "px";
    c.style.height = HEIGHT + "px";
    const g = c.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, HEIGHT);
    const h = this.hist;
    if (!h || !h.buckets.length) return;
    const isDark = dark.matches;
    const colour = new Map(this.lanes.map((l) => [l.slug, isDark ? mix(l.colour, 0.35) : l.colour]));
    let max = 1;
    for (const b of h.buckets) max = Math.max(max, b.total);
    const plotH = HEIGHT - AXIS - 2;
    for (const b of h.buckets) {
      if (!b.total) continue;
      const x0 = xOf(this.domain, w, b.s), x1 = xOf(this.domain, w, b.e + 1);
      const bw = Math.max(x1 - x0 - (x1 - x0 > 3 ? 0.5 : 0), 1);
      // Square-root heights keep quiet months visible next to the bursts.
      const total = Math.sqrt(b.total / max) * plotH;
      let y = plotH + 1;
      for (const l of this.lanes) {
        const n = b.counts[l.slug];
        if (!n) continue;
        const hh = (total * n) / b.total;
        g.fillStyle = colour.get(l.slug);
        g.fillRect(x0, y - hh, bw, hh);
        y -= hh;
      }
    }
    // Years (or decades) along the bottom, as a quiet guide.
    const css = getComputedStyle(this.root);
    g.fillStyle = css.getPropertyValue("--muted").trim() || "#555";
    g.strokeStyle = css.getPropertyValue("--line").trim() || "#ccc";
    g.font = "11px system-ui, sans-serif";
    g.textBaseline = "alphabetic";
    const t = ticks(this.domain, w * 0.45);
    const list = ["day", "week", "month", "quarter"].includes(t.unit) ? t.major : t.minor;
    // Labels never overlap: walking from the right, one that would is left
    // out, so a year cut short at the left edge yields to the next.
    let free = w;
    for (const tk of [...list].reverse()) {
      const x = Math.round(xOf(this.domain, w, tk.day)) + 0.5;
      const lw = g.measureText(tk.label).width;
      if (x < 0 || x + lw + 3 > free) continue;
      free = x - 8;
      g.beginPath();
      g.moveTo(x, plotH + 1);
      g.lineTo(x, plotH + 5);
      g.stroke();
      g.fillText(tk.label, x + 3, HEIGHT - 2);
    }
  }

  // Interaction ---------------------------------------------------------------

  down(e) {
    if (!this.view || (e.button !== 0 && e.pointerType === "mouse")) return;
    const rect = this.root.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const x0 = xOf(this.domain, this.width, this.view.start), x1 = xOf(this.domain, this.width, this.view.end);
    const edge = e.pointerType === "mouse" ? 6 : 12;
    let mode = "move";
    if (Math.abs(x - x0) <= edge && x1 - x0 > 2 * edge) mode = "left";
    else if (Math.abs(x - x1) <= edge && x1 - x0 > 2 * edge) mode = "right";
    else if (x < x0 || x > x1) {
      // A press outside the window brings the window there, then drags it.
      const span = this.view.end - this.view.start;
      const day = dayAt(this.domain, this.width, x);
      this.view = clampView({ start: day - span / 2, end: day + span / 2 }, this.domain);
      this.place();
      this.onMove(this.view, false);
    }
    this.drag = { mode, x, view: this.view, rect };
    this.root.setPointerCapture(e.pointerId);
    this.root.classList.add("ov-dragging");
    e.preventDefault();
  }

  move(e) {
    const d = this.drag;
    if (!d) return;
    const dx = e.clientX - d.rect.left - d.x;
    const days = (dx / this.width) * (this.domain.end - this.domain.start);
    let v = d.view;
    if (d.mode === "move") v = { start: v.start + days, end: v.end + days };
    else if (d.mode === "left") v = { start: Math.min(v.start + days, v.end - MIN_SPAN), end: v.end };
    else v = { start: v.start, end: Math.max(v.end + days, v.start + MIN_SPAN) };
    this.view = clampView(v, this.domain);
    this.place();
    this.onMove(this.view, false);
  }

  up() {
    if (!this.drag) return;
    this.drag = null;
    this.root.classList.remove("ov-dragging");
    this.onMove(this.view, true);
  }

  key(e) {
    if (!this.view || e.altKey || e.ctrlKey || e.metaKey) return;
    const span = this.view.end - this.view.start;
    const all = this.domain.end - this.domain.start;
    let v = null;
    switch (e.key) {
      case "ArrowLeft": case "ArrowDown": v = this.shift(-span * (e.shiftKey ? 0.5 : 0.1)); break;
      case "ArrowRight": case "ArrowUp": v = this.shift(span * (e.shiftKey ? 0.5 : 0.1)); break;
      case "PageUp": v = this.shift(-span); break;
      case "PageDown": v = this.shift(span); break;
      case "Home": v = { start: this.domain.start, end: this.domain.start + span }; break;
      case "End": v = { start: this.domain.end - span, end: this.domain.end }; break;
      case "+": case "=": v = this.scale(0.5); break;
      case "-": case "_": v = this.scale(Math.min(2, all / span)); break;
      default: return;
    }
    e.preventDefault();
    this.view = clampView(v, this.domain);
    this.place();
    this.onMove(this.view, true);
  }

  shift(days) {
    return { start: this.view.start + days, end: this.view.end + days };
  }

  scale(k) {
    const c = (this.view.start + this.view.end) / 2, span = (this.view.end - this.view.start) * k;
    return { start: c - span / 2, end: c + span / 2 };
  }
}
