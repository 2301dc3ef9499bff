// The edit page's soft lock: while the form is open, tell the server so
// every minute (the lease is 150 s) and show who else is editing. The page
// works without it; the version check is what refuses a stale save.

const box = document.querySelector("[data-heartbeat]");
const note = box && box.querySelector("[role=status]");
const token = document.querySelector('meta[name="csrf-token"]');
const every = 60 * 1000;

function words(editors) {
  const names = editors.map((e) => `${e.name} since ${e.since}`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  return `Being edited by ${list}. Your changes and theirs are checked against each other when saved: the second save is refused and kept for comparison.`;
}

async function beat() {
  try {
    const res = await fetch(box.dataset.heartbeat, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": token ? token.content : "" },
    });
    if (!res.ok) return false; // signed out, or the event is gone: stop
    const { editors } = await res.json();
    const text = editors.length ? words(editors) : "";
    if (note.textContent.trim() !== text) note.textContent = text;
    note.hidden = !text;
    return true;
  } catch {
    return true; // the network blinked: try again next time
  }
}

if (box && note && box.dataset.heartbeat) {
  let live = true;
  const timer = setInterval(async () => {
    if (live && !(await beat())) {
      live = false;
      clearInterval(timer);
    }
  }, every);
  // Leaving the page (a link, a closed tab) ends the sitting at once; a
  // page kept in the back-forward cache beats again on return. Saving does
  // not: the next page is this form again, whose own beat would race the
  // beacon.
  let saving = false;
  document.addEventListener("submit", (e) => {
    if (e.target.querySelector("input[name=form][value=edit]")) saving = true;
  });
  window.addEventListener("pagehide", () => {
    if (saving) return;
    const form = new FormData();
    form.append("_csrf", token ? token.content : "");
    form.append("leave", "1");
    navigator.sendBeacon(box.dataset.heartbeat, form);
  });
  window.addEventListener("pageshow", (e) => {
    saving = false;
    if (e.persisted && live) beat();
  });
  // Back on the tab after a while: the lease may have lapsed, and others
  // may have come; beat at once rather than at the next tick.
  document.addEventListener("visibilitychange", async () => {
    if (live && document.visibilityState === "visible" && !(await beat())) {
      live = false;
      clearInterval(timer);
    }
  });
}
