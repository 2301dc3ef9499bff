// review.js: the keys of the review screens. Every decision is a form that
// works without this script; with it, a key sends that form as one request
// (asking for JSON), and the next draft, fetched while the editor read this
// one, replaces the page at once.
//   a publish · x reject · e edit · m merge with the first suggestion
//   j / k next / previous draft · u undo the last decision · ? the keys

const UNDO_KEY = "timeline.review.undo";
const decisionForms = [
  "[data-testid=publish-form]", "[data-testid=reject-form]", "[data-testid=merge-form]",
  "[data-testid=undo-form]", "form[action$='/merge']", "form[action$='/distinct']",
].join(",");

let busy = false;
let ahead = null; // { url, html: Promise<string|null> }: the next draft's page

function csrf() {
  const m = document.querySelector("meta[name=csrf-token]");
  return m ? m.content : "";
}

function undoStack() {
  try {
    const s = JSON.parse(sessionStorage.getItem(UNDO_KEY) || "[]");
    return Array.isArray(s) ? s : [];
  } catch {
    return [];
  }
}

function saveUndo(stack) {
  try {
    sessionStorage.setItem(UNDO_KEY, JSON.stringify(stack.slice(-50)));
  } catch {
    // Storage full or refused: undo falls back to the page's own button.
  }
}

function announce(text) {
  const live = document.getElementById("review-live");
  if (live) live.textContent = text;
}

function fetchPage(url) {
  return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then((r) => (r.ok && !r.redirected ? r.text() : null))
    .catch(() => null);
}

// fetchAhead starts loading the next draft's page while this one is read.
function fetchAhead() {
  const next = document.querySelector("[data-testid=next-draft]");
  if (!next) {
    ahead = null;
    return;
  }
  if (ahead && ahead.url === next.href) return;
  ahead = { url: next.href, html: fetchPage(next.href) };
}

// show puts the review page at url in place of this one, from the page
// fetched ahead when it is that one.
async function show(url, push = true) {
  const abs = new URL(url, location.href).href;
  let html = null;
  if (ahead && ahead.url === abs) html = await ahead.html;
  if (html === null) html = await fetchPage(abs);
  const doc = html === null ? null : new DOMParser().parseFromString(html, "text/html");
  const main = doc && doc.querySelector("main");
  if (!main || !main.querySelector("[data-testid=review]")) {
    location.assign(abs); // the queue, or something went wrong: a plain visit
    return;
  }
  document.querySelector("main").replaceWith(document.adoptNode(main));
  document.title = doc.title;
  if (push) history.pushState({ review: true }, "", abs);
  const h1 = document.querySelector("main h1");
  if (h1) h1.focus();
  showEvidence();
  fetchAhead();
}

// showEvidence scrolls each article to its marked evidence, so the words
// a draft came from are in view without hunting for them.
function showEvidence() {
  for (const box of document.querySelectorAll(".article-text")) {
    const m = box.querySelector("mark.m-evidence");
    if (m) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - box.clientHeight / 3);
  }
}

async function post(action, body) {
  return fetch(action, {
    method: "POST", body, credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
  });
}

// decide sends a decision form as one request and moves on.
async function decide(form) {
  if (busy) return;
  busy = true;
  try {
    let r;
    try {
      r = await post(form.action, new URLSearchParams(new FormData(form)));
    } catch {
      r = null;
    }
    if (!r || !r.ok || !(r.headers.get("Content-Type") || "").includes("json")) {
      // The server's own page says what went wrong (409, 400): send the
      // form the plain way to see it. Nothing was changed by this try.
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    const d = await r.json();
    if (d.undo_id) {
      const s = undoStack();
      s.push({ id: d.undo_id, version: d.undo_version });
      saveUndo(s);
    }
    await show(d.next);
    announce(d.notice + (d.undo_id ? " Press u to undo it." : ""));
  } finally {
    busy = false;
  }
}

async function undo() {
  const stack = undoStack();
  const last = stack.pop();
  if (!last) {
    const f = document.querySelector("[data-testid=undo-form]");
    if (f) return decide(f);
    announce("There is no decision to undo.");
    return;
  }
  if (busy) return;
  busy = true;
  try {
    const r = await post(`/admin/events/${encodeURIComponent(last.id)}/undo`,
      new URLSearchParams({ version: String(last.version), _csrf: csrf() })).catch(() => null);
    saveUndo(stack);
    if (!r || !r.ok) {
      announce("That decision could not be undone: the event was changed since.");
      return;
    }
    const d = await r.json();
    await show(d.next);
    announce(d.notice);
  } finally {
    busy = false;
  }
}

function typing(el) {
  return el instanceof Element && !!el.closest("input, textarea, select, [contenteditable]");
}

function submitForm(selector) {
  const f = document.querySelector(selector);
  if (f) decide(f);
  return !!f;
}

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (typing(e.target)) {
    if (e.key === "Escape") e.target.blur();
    return;
  }
  const onReview = !!document.querySelector("[data-testid=review]");
  let handled = true;
  switch (e.key) {
    case "a":
      handled = onReview && submitForm("[data-testid=publish-form]");
      break;
    case "x":
      handled = onReview && submitForm("[data-testid=reject-form]");
      break;
    case "m":
      handled = onReview && submitForm("form[data-key=m]");
      if (onReview && !handled) announce("There is no possible duplicate to merge with.");
      break;
    case "e":
      // The field takes the focus when the key comes up, so the letter
      // itself is never typed into it.
      handled = !!document.getElementById("e-title");
      editOnKeyUp = handled;
      break;
    case "j":
    case "k": {
      const l = document.querySelector(e.key === "j" ? "[data-testid=next-draft]" : "[data-testid=prev-draft]");
      handled = !!l;
      if (l) show(l.href);
      else if (onReview) announce(e.key === "j" ? "This is the last draft." : "This is the first draft.");
      break;
    }
    case "u":
      undo();
      break;
    case "?": {
      const d = document.getElementById("keys-help");
      handled = !!d;
      if (d) {
        d.open = !d.open;
        d.querySelector("summary").focus();
      }
      break;
    }
    case "Escape": {
      const d = document.getElementById("keys-help");
      handled = !!(d && d.open);
      if (handled) d.open = false;
      break;
    }
    default:
      handled = false;
  }
  if (handled) e.preventDefault();
}

let editOnKeyUp = false;

document.addEventListener("keydown", onKey);
document.addEventListener("keyup", (e) => {
  if (!editOnKeyUp || e.key !== "e") return;
  editOnKeyUp = false;
  const t = document.getElementById("e-title");
  if (t) {
    t.focus();
    t.select();
  }
});
document.addEventListener("submit", (e) => {
  const f = e.target;
  if (f instanceof HTMLFormElement && f.matches(decisionForms)) {
    e.preventDefault();
    decide(f);
  }
});
window.addEventListener("popstate", () => location.reload());
showEvidence();
fetchAhead();
