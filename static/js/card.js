// card.js: the event card that opens over the timeline: title, date in
// words, place, summary, every source with its quote, and the permalink.
// Everything from the data is written as text (createElement, textContent).

import * as api from "./api.js";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

// safeURL lets through only web links and our own paths, never javascript:.
function safeURL(u) {
  if (typeof u !== "string" || !u) return null;
  if (u.startsWith("/") && !u.startsWith("//")) return u;
  try {
    const p = new URL(u);
    return p.protocol === "https:" || p.protocol === "http:" ? p.href : null;
  } catch {
    return null;
  }
}

function dateWords(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return iso || "";
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toLocaleDateString("en-GB", {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });
}

export class Card {
  /** host is where the card lives; onClose(id, restoreFocus, invoker) runs after it closes; onPick(id, invoker) when a listed event is chosen. */
  constructor(host, { onClose, onPick }) {
    this.host = host;
    this.onClose = onClose;
    this.onPick = onPick;
    this.root = el("section", "tl-card");
    this.root.setAttribute("role", "dialog");
    this.root.setAttribute("aria-modal", "false");
    this.root.setAttribute("aria-labelledby", "card-title");
    this.root.dataset.testid = "event-card";
    this.root.hidden = true;
    const close = el("button", "card-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close the card");
    close.dataset.testid = "card-close";
    close.addEventListener("click", () => this.close());
    this.body = el("div", "card-body");
    this.root.append(close, this.body);
    host.append(this.root);
    this.id = null;
    this.invoker = null;
    this.root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") { e.preventDefault(); this.close(); }
    });
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /**
   * open shows event id, drawing at once what the list already knows (ev may
   * be null) and then the sources from the API. invoker gets focus back on close.
   */
  async open(id, ev, invoker, { focus = true, full = null } = {}) {
    this.id = id;
    this.invoker = invoker || null;
    if (this.abort) this.abort.abort();
    const ctrl = new AbortController();
    this.abort = ctrl;
    this.root.hidden = false;
    this.host.classList.add("tl-card-open");
    this.root.dataset.id = String(id);
    this.root.setAttribute("aria-busy", "true");
    if (ev) this.fill({ ...ev, loading: true });
    else this.fill({ title: "Loading…", loading: true });
    if (focus) this.focusTitle();
    try {
      if (!full) full = await api.event(id, ctrl.signal);
      if (this.id !== id) return;
      this.fill({
        title: full.title, summary: full.summary, typeName: full.type_name, type: full.type,
        words: full.date_words, place: full.place, url: full.path || full.url, dateText: full.date_text,
        sources: full.sources || [], actors: full.actors || [],
      });
    } catch (err) {
      if (api.isAbort(err) || this.id !== id) return;
      this.fill({ title: err.status === 404 ? "This event is not available" : "Could not load this event",
        summary: err.status === 404 ? "It may have been removed or merged into another event." : String(err.message || err) });
    } finally {
      if (this.id === id) this.root.removeAttribute("aria-busy");
    }
    if (focus && this.root.contains(document.activeElement) === false && this.id === id) this.focusTitle();
  }

  focusTitle() {
    const h = this.body.querySelector("#card-title");
    if (h) h.focus({ preventScroll: false });
  }

  fill(e) {
    this.root.className = "tl-card" + (e.type ? " cat-" + e.type : "");
    const parts = [];
    const meta = el("p", "event-meta card-meta");
    if (e.typeName) {
      const badge = el("span", "badge cat-" + (e.type || ""), e.typeName);
      badge.dataset.testid = "card-type";
      meta.append(badge);
    }
    if (e.words) {
      const t = el("span", "card-date", e.words);
      t.dataset.testid = "card-date";
      meta.append(t);
    }
    if (e.place) {
      const p = el("span", "place", e.place);
      p.dataset.testid = "card-place";
      meta.append(p);
    }
    parts.push(meta);
    const h = el("h2", "card-title", e.title);
    h.id = "card-title";
    h.tabIndex = -1;
    h.dataset.testid = "card-title";
    parts.push(h);
    if (e.summary) {
      const s = el("p", "card-summary", e.summary);
      s.dataset.testid = "card-summary";
      parts.push(s);
    }
    if (e.dateText) parts.push(el("p", "card-note", `The source dates it “${e.dateText}”.`));
    if (e.actors && e.actors.length) {
      const a = el("p", "card-note");
      a.dataset.testid = "card-actors";
      a.append(el("strong", null, "Named: "));
      e.actors.forEach((name, i) => {
        if (i) a.append(document.createTextNode(", "));
        const link = el("a", null, name);
        link.href = "/?" + new URLSearchParams({ actor: name });
        link.title = "Every event naming " + name;
        a.append(link);
      });
      parts.push(a);
    }
    if (e.sources) {
      const sec = el("section", "card-sources");
      sec.setAttribute("aria-labelledby", "card-sources-h");
      const sh = el("h3", null, e.sources.length === 1 ? "Source" : `Sources (${e.sources.length})`);
      sh.id = "card-sources-h";
      sec.append(sh);
      if (!e.sources.length) sec.append(el("p", "card-note", "No source is linked to this event yet."));
      const ol = el("ol");
      ol.dataset.testid = "card-sources";
      for (const s of e.sources) {
        const li = el("li", "source");
        li.dataset.testid = "card-source";
        if (s.quote && s.quote_verbatim) {
          const q = el("blockquote");
          q.append(el("p", null, s.quote));
          li.append(q);
        } else if (s.quote) {
          // A paraphrase by the editors, never dressed as the source's words.
          const p = el("p", "source-note");
          p.append(el("span", "note-label", "In our words:"), document.createTextNode(" " + s.quote));
          li.append(p);
        }
        const cite = el("p", "source-cite");
        cite.append(el("span", "outlet", s.outlet || "Unknown outlet"));
        const href = safeURL(s.url);
        if (s.title) {
          cite.append(document.createTextNode(", "));
          if (href) {
            const a = el("a", null, s.title);
            a.href = href;
            a.rel = "noopener noreferrer";
            cite.append(a);
          } else cite.append(el("cite", null, s.title));
        }
        if (s.published) {
          cite.append(document.createTextNode(", "));
          const t = el("time", null, dateWords(s.published));
          t.dateTime = s.published;
          cite.append(t);
        }
        li.append(cite);
        ol.append(li);
      }
      sec.append(ol);
      parts.push(sec);
    } else if (e.loading) {
      parts.push(el("p", "card-note card-loading", "Loading sources…"));
    }
    const href = safeURL(e.url);
    if (href) {
      const links = el("p", "card-links");
      const a = el("a", "button", "Open the event page");
      a.href = href;
      a.dataset.testid = "card-permalink";
      links.append(a);
      const abs = new URL(href, location.origin).href;
      const link = el("a", "card-permalink", abs);
      link.href = href;
      link.setAttribute("aria-label", "Permalink: " + abs);
      const cite = el("p", "card-cite");
      cite.append(el("span", null, "Permalink "), link);
      parts.push(links, cite);
    }
    this.body.replaceChildren(...parts);
  }

  /**
   * list shows events too close together to tell apart, to choose from.
   * load(cursor) resolves {events, next}: compact events and the next cursor.
   */
  async list(title, load, invoker) {
    this.id = null;
    this.invoker = invoker || null;
    if (this.abort) this.abort.abort();
    this.abort = null;
    this.root.hidden = false;
    this.host.classList.add("tl-card-open");
    this.root.className = "tl-card";
    delete this.root.dataset.id;
    const h = el("h2", "card-title", title);
    h.id = "card-title";
    h.tabIndex = -1;
    h.dataset.testid = "card-title";
    const ul = el("ul", "card-list");
    ul.dataset.testid = "card-list";
    const more = el("button", "button card-more", "Show more");
    more.type = "button";
    more.hidden = true;
    const status = el("p", "card-note", "Loading…");
    this.body.replaceChildren(h, status, ul, more);
    h.focus();
    const token = (this.listToken = {});
    let cursor = null;
    const page = async () => {
      more.disabled = true;
      try {
        const res = await load(cursor);
        if (this.listToken !== token) return;
        for (const e of res.events) {
          const li = el("li");
          const b = el("button", "card-pick cat-" + e.type);
          b.type = "button";
          const sw = el("span", "swatch");
          sw.setAttribute("aria-hidden", "true");
          b.append(sw, el("span", "card-pick-title", e.title), el("span", "card-pick-meta", `${e.words}${e.place ? " · " + e.place : ""}`));
          b.addEventListener("click", () => this.onPick(e, this.invoker));
          li.append(b);
          ul.append(li);
        }
        cursor = res.next;
        more.hidden = !cursor;
        status.textContent = cursor ? `Showing ${ul.children.length}; more follow.` : `${ul.children.length} listed.`;
      } catch (err) {
        if (this.listToken === token) status.textContent = "Could not load the events: " + err.message;
      } finally {
        more.disabled = false;
      }
    };
    more.addEventListener("click", () => {
      const n = ul.children.length;
      page().then(() => { const b = ul.children[n] && ul.children[n].querySelector("button"); if (b) b.focus(); });
    });
    await page();
  }

  /** close hides the card and gives focus back to what opened it. */
  close({ restore = true } = {}) {
    if (!this.isOpen) return;
    this.listToken = null;
    const id = this.id;
    const hadFocus = this.root.contains(document.activeElement);
    this.root.hidden = true;
    this.host.classList.remove("tl-card-open");
    this.id = null;
    if (this.abort) this.abort.abort();
    const back = this.invoker;
    this.invoker = null;
    this.onClose(id, restore && (hadFocus || document.activeElement === document.body), back);
  }
}
