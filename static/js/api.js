// api.js: the JSON API, one function per endpoint. Errors become exceptions
// carrying the server's message; aborted requests reject with AbortError.

const BASE = "/api/v1";

async function get(path, params, signal) {
  const qs = params && params.toString();
  const res = await fetch(BASE + path + (qs ? "?" + qs : ""), {
    signal, headers: { Accept: "application/json" }, credentials: "same-origin",
  });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // fall through: a proxy error page is not JSON
  }
  if (!res.ok) {
    const msg = (body && body.error && body.error.message) || `${res.status} ${res.statusText}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

/** events lists events overlapping [from, to]: {events, next_cursor}. */
export function events(params, signal) {
  return get("/events", params, signal);
}

/** event fetches one event with its sources. */
export function event(id, signal) {
  return get("/events/" + encodeURIComponent(id), null, signal);
}

/** histogram counts events per type in buckets: {from, to, extent, unit or bucket_days, total, buckets, types}. */
export function histogram(params, signal) {
  return get("/histogram", params, signal);
}

/** isAbort tells a cancelled request from a failure. */
export function isAbort(err) {
  return err && err.name === "AbortError";
}
