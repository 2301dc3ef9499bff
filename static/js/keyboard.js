// keyboard.js: which item an arrow key leads to, as a pure function of the
// items in view, so the roving focus of the timeline can be tested alone.

/**
 * neighbour returns the item a key moves to from current, or null when the
 * move leaves the view (the caller then pans). items are sorted by x, then
 * lane, as layout returns them.
 *   ArrowLeft / ArrowRight: the previous / next item in time, any lane;
 *   ArrowUp / ArrowDown: the nearest item in time in the nearest lane above / below;
 *   Home / End: the first / last item in view.
 */
export function neighbour(items, current, key) {
  if (!items.length) return null;
  const i = current ? items.findIndex((it) => it.key === current.key) : -1;
  switch (key) {
    case "Home": return items[0];
    case "End": return items[items.length - 1];
    case "ArrowRight": return i < 0 ? items[0] : items[i + 1] || null;
    case "ArrowLeft": return i < 0 ? items[items.length - 1] : items[i - 1] || null;
    case "ArrowUp":
    case "ArrowDown": {
      if (!current) return items[0];
      const dir = key === "ArrowUp" ? -1 : 1;
      const mid = current.x + current.w / 2;
      let best = null, bestLane = Infinity, bestDist = Infinity;
      for (const it of items) {
        const dl = (it.lane - current.lane) * dir;
        if (dl <= 0 && !(dl === 0 && it.track !== current.track && (it.track - current.track) * dir > 0)) continue;
        // A nearer track of the same lane comes first, then the next lane.
        const laneDist = dl === 0 ? Math.abs(it.track - current.track) / 100 : dl;
        const dist = Math.abs(it.x + it.w / 2 - mid);
        if (laneDist < bestLane || (laneDist === bestLane && dist < bestDist)) {
          best = it; bestLane = laneDist; bestDist = dist;
        }
      }
      return best;
    }
  }
  return null;
}

/** nearest returns the item closest to x (preferring lane), to keep focus when items regroup. */
export function nearest(items, x, lane = -1) {
  let best = null, score = Infinity;
  for (const it of items) {
    const s = Math.abs(it.x + it.w / 2 - x) + (lane >= 0 && it.lane !== lane ? 400 : 0);
    if (s < score) { best = it; score = s; }
  }
  return best;
}
