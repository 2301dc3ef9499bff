// list.js: redraws the server-rendered chronology list for a new view, with
// the same markup the server writes (views/chronology.templ), so the list
// below the timeline always shows what the URL says. Data is written as text.

import * as api from "./api.js";
import { isoOf } from "./scale.js";
import { filterParams, toSearch } from "./state.js";
import { fullCount } from "./layout.js";

/** PAGE matches the server's page size, so "Later events" continues seamlessly. */
const PAGE = 200;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

// withMarks writes text into parent, the parts that match the search (odd
// positions of parts, as the API sends them) in <mark>; all of it as text.
function withMarks(parent, text, parts) {
  if (!Array.isArray(parts) || parts.join("") !== text) {
    parent.textContent = text;
    return parent;
  }
  parts.forEach((p, i) => { if (p) parent.append(i % 2 ? el("mark", null, p) : document.createTextNode(p)); });
  return parent;
}

// listDay is the day the list files an event under, as the server's
// models.ListDay: the report's day (the range's last) for a reported event,
// otherwise its first day. The heading, the datetime and the words agree.
function listDay(e) {
  return e.precision === "reported" ? e.end : e.start;
}

function datetimeAttr(e) {
  if (e.precision === "month") return e.start.slice(0, 7);
  if (e.precision === "year" || e.precision === "half-year" || e.precision === "quarter") return e.start.slice(0, 4);
  return listDay(e);
}

function article(e) {
  const a = el("article", "event cat-" + e.type);
  a.id = "event-" + e.id;
  Object.assign(a.dataset, {
    testid: "event", id: String(e.id), type: e.type, start: e.start, end: e.end, precision: e.precision,
  });
  const head = el("header", "event-meta");
  const t = el("time", null, e.date_words);
  t.dateTime = datetimeAttr(e);
  t.dataset.testid = "event-date";
  const badge = el("span", "badge", e.type_name);
  badge.dataset.testid = "event-type";
  head.append(t, badge);
  if (e.place) {
    const p = el("span", "place", e.place);
    p.dataset.testid = "event-place";
    head.append(p);
  }
  const h = el("h3", "event-title");
  const marks = e.marks || {};
  const link = withMarks(el("a"), e.title, marks.title);
  link.href = e.path || "/events/" + e.id;
  link.dataset.testid = "event-link";
  h.append(link);
  a.append(head, h);
  if (e.summary) a.append(withMarks(el("p", "event-summary"), e.summary, marks.summary));
  return a;
}

export class List {
  constructor(root) {
    this.root = root;
    this.ol = root.querySelector("[data-testid=chronology]");
    this.count = root.querySelector("[data-testid=result-count]");
    this.gen = 0;
  }

  /** show loads and draws the list for a state; it resolves with the number of matches. */
  async show(state) {
    if (!this.ol || !this.count) return;
    const gen = ++this.gen;
    if (this.abort) this.abort.abort();
    const ctrl = new AbortController();
    this.abort = ctrl;
    const p = filterParams(state);
    if (state.from != null) p.set("from", isoOf(state.from));
    if (state.to != null) p.set("to", isoOf(state.to));
    const ep = new URLSearchParams(p);
    ep.set("limit", String(PAGE));
    const hp = new URLSearchParams(p);
    hp.set("buckets", "1");
    this.root.setAttribute("aria-busy", "true");
    try {
      const [res, hist] = await Promise.all([api.events(ep, ctrl.signal), api.histogram(hp, ctrl.signal)]);
      if (gen !== this.gen) return;
      this.draw(state, res, hist.total || 0, hist.count_cap || 0);
    } catch (err) {
      if (!api.isAbort(err) && gen === this.gen) this.count.textContent = "Could not load the events: " + err.message;
    } finally {
      if (gen === this.gen) this.root.removeAttribute("aria-busy");
    }
  }

  /**
   * draw shows res; total is the view's exact count from the histogram, and
   * cap, when not 0, where the server's count line of this view stops
   * counting: past it the line says "More than 1,000 events", as the page does.
   */
  draw(state, res, total, cap = 0) {
    const months = [];
    // In the order of their list days (a stable sort keeps the rest in place).
    const events = [...res.events].sort((a, b) => (listDay(a) < listDay(b) ? -1 : listDay(a) > listDay(b) ? 1 : 0));
    for (const e of events) {
      const id = listDay(e).slice(0, 7);
      let m = months[months.length - 1];
      if (!m || m.id !== id) {
        m = { id, label: MONTHS[+id.slice(5, 7) - 1] + " " + id.slice(0, 4), events: [] };
        months.push(m);
      }
      m.events.push(e);
    }
    this.ol.replaceChildren(...months.map((m) => {
      const li = el("li", "month");
      li.id = "m-" + m.id;
      const ol = el("ol", "events");
      for (const e of m.events) {
        const item = el("li");
        item.append(article(e));
        ol.append(item);
      }
      li.append(el("h2", "month-heading", m.label), ol);
      return li;
    }));

    // The empty note and the pager come and go with the results.
    let empty = this.root.querySelector("[data-testid=empty]");
    if (!res.events.length && !empty) {
      empty = el("p", "empty", "No published events match this view.");
      empty.dataset.testid = "empty";
      this.ol.before(empty);
    } else if (res.events.length && empty) empty.remove();
    // A redrawn list starts its view, so nothing is earlier.
    for (const n of this.root.querySelectorAll(".pager-earlier")) n.remove();
    let pager = this.root.querySelector(".pager");
    if (res.next_cursor) {
      if (!pager) {
        pager = el("nav", "pager");
        pager.setAttribute("aria-label", "More events");
        const a = el("a", "button", "Later events");
        a.rel = "next";
        a.dataset.testid = "next-page";
        pager.append(a);
        this.ol.after(pager);
      }
      const q = new URLSearchParams(toSearch({ ...state, focus: null }));
      q.set("cursor", res.next_cursor);
      pager.querySelector("a").href = "/?" + q.toString();
    } else if (pager) pager.remove();

    // The status line is a live region: say how many match, and how many are listed.
    const more = cap > 0 && total > cap;
    const n = more ? "More than " + fullCount(cap) : fullCount(total);
    let text;
    if (total === 0) text = "No events in this view.";
    else if (res.next_cursor) text = `${n} events in this view; the list shows the first ${res.events.length}.`;
    else text = total === 1 ? "1 event in this view." : `${n} events in this view.`;
    const filtered = state.types.length || state.places.length || state.actors.length || state.q || state.from != null || state.to != null;
    const parts = [document.createTextNode(text)];
    if (filtered) {
      const a = el("a", null, "Show everything");
      a.href = "/";
      a.dataset.action = "reset";
      parts.push(document.createTextNode(" "), a);
    }
    this.count.replaceChildren(...parts);
  }
}
