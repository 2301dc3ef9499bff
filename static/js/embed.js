// embed.js: inside an embed, the "Open this view" link takes the reader to
// the view they moved to, on our site, in a new tab: the frame's own URL
// holds the view (the timeline writes it there), so nothing is lost when a
// reader wants to follow it out of the frame.

function viewSearch() {
  const q = new URLSearchParams(location.search);
  q.delete("cursor");
  const s = q.toString();
  return s ? "?" + s : "";
}

// The frame's own origin is our site: the embed is served from it.
for (const a of document.querySelectorAll("a[data-embed-open]")) {
  const point = () => { a.href = location.origin + "/" + viewSearch(); };
  for (const type of ["pointerdown", "focus", "mouseenter"]) a.addEventListener(type, point);
}
