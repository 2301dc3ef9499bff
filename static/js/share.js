// share.js: the "Download", "Cite" and "Embed" menus. The page works without
// it (the menus are <details>, the citations and code are text); with it,
// copy buttons appear, accessed dates follow the reader's own calendar, and
// on the chronology every link of the menus carries the view the reader has
// moved to, not the one the page was first served with.

const MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];
const US_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** accessedWords writes today in a citation style's way. */
function accessedWords(style, d) {
  if (style === "mla") return `${d.getDate()} ${MLA_MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  return `${US_MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
}

function isoDay(d) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** viewQuery is the view the reader is on: the URL's query without the page or the open event. */
function viewQuery() {
  const q = new URLSearchParams(location.search);
  q.delete("cursor");
  q.delete("focus");
  return q;
}

/** follow points a menu link at the current view, keeping its own format. */
function follow(a) {
  const base = new URL(a.dataset.base || a.getAttribute("href"), location.href);
  const q = viewQuery();
  for (const [k, v] of base.searchParams) q.set(k, v);
  const s = q.toString();
  a.href = base.pathname + (s ? "?" + s : "");
}

async function copy(text, button) {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Select and copy";
  }
  setTimeout(() => { button.textContent = label; }, 2000);
}

function init() {
  const blocks = document.querySelectorAll("[data-testid=share]");
  if (!blocks.length) return;
  const today = new Date();
  for (const t of document.querySelectorAll("time[data-accessed]")) {
    t.dateTime = isoDay(today);
    t.textContent = accessedWords(t.dataset.accessed, today);
  }
  for (const b of document.querySelectorAll("[data-testid=share] button[data-copy]")) {
    b.hidden = false;
    b.addEventListener("click", () => {
      const target = document.getElementById(b.dataset.copy);
      if (!target) return;
      if (target instanceof HTMLTextAreaElement) target.select();
      copy("value" in target && target instanceof HTMLTextAreaElement ? target.value : target.textContent.trim().replace(/\s+/g, " "), b);
    });
  }
  const served = viewQuery().toString();
  // Links follow the view when they are about to be used, whatever moved it.
  const refresh = () => {
    for (const a of document.querySelectorAll("a[data-view-link]")) follow(a);
    for (const code of document.querySelectorAll("textarea[data-follows-view]")) {
      code.value = code.value.replace(/src="([^"?]*)(\?[^"]*)?"/, (_, path) => {
        const s = viewQuery().toString().replace(/&/g, "&amp;");
        return `src="${path}${s ? "?" + s : ""}"`;
      });
    }
    const moved = viewQuery().toString() !== served;
    for (const p of document.querySelectorAll("[data-testid=cite-stale]")) p.hidden = !moved;
  };
  for (const block of blocks) {
    for (const type of ["pointerdown", "focusin", "toggle"]) block.addEventListener(type, refresh, true);
  }
}

init();
