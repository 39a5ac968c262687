// Specification of tracker.js's batching and retry logic, run by TrackerJsTest with `node`.
// Usage: node tracker.test.js path/to/tracker.js   (exit code 0 = every case passed)
"use strict";
const assert = require("node:assert/strict");
const tracker = require(require("node:path").resolve(process.argv[2]));

/** A fake browser: manual clock and timers, scripted collector answers, in-memory storage. */
function fakeEnv(answers) {
  const env = {
    time: 1_700_000_000_000,
    timers: [],
    requests: [],
    beacons: [],
    hide: null,
    answers: answers || [],
    warnings: [],
    seed: 7,
  };
  const memory = () => {
    const m = new Map();
    return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
  };
  env.sessionStorage = memory();
  env.localStorage = memory();
  env.now = () => env.time;
  env.random = () => { env.seed = (env.seed * 16807) % 2147483647; return env.seed / 2147483647; };
  env.setTimeout = (f, ms) => { const t = { at: env.time + ms, f }; env.timers.push(t); return t; };
  env.clearTimeout = (t) => { env.timers = env.timers.filter((x) => x !== t); };
  env.console = { warn: (...a) => env.warnings.push(a) };
  env.context = () => ({ page: "/p", device: "desktop" });
  env.onHide = (f) => { env.hide = f; };
  env.sendBeacon = (url, body) => { env.beacons.push({ url, events: JSON.parse(body) }); return true; };
  env.fetch = (url, init) => {
    const answer = env.answers.length ? env.answers.shift() : { status: 200 };
    env.requests.push({ url, init, events: JSON.parse(init.body) });
    if (answer.networkError) return Promise.reject(new TypeError("Failed to fetch"));
    const body = typeof answer.body === "function" ? answer.body(JSON.parse(init.body)) : answer.body;
    return Promise.resolve({
      status: answer.status,
      headers: { get: (h) => (answer.headers || {})[h] || null },
      text: () => Promise.resolve(body === undefined ? "" : JSON.stringify(body)),
    });
  };
  /** Moves the clock, firing due timers and letting promise callbacks run. */
  env.advance = async (ms) => {
    const end = env.time + ms;
    for (;;) {
      await settle();
      env.timers.sort((a, b) => a.at - b.at);
      const next = env.timers[0];
      if (!next || next.at > end) break;
      env.timers.shift();
      env.time = Math.max(env.time, next.at);
      next.f();
    }
    env.time = end;
    await settle();
  };
  return env;
}

const settle = () => new Promise((r) => setImmediate(r));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ids = (events) => events.map((e) => e.eventId);
const cases = [];
const spec = (name, fn) => cases.push({ name, fn });

spec("a full batch is sent at once as one JSON array", async () => {
  const env = fakeEnv();
  const perch = tracker.createTracker({ batchSize: 3 }, env);
  perch.productView("a");
  perch.click("b");
  assert.equal(env.requests.length, 0);
  perch.addToCart("c", 2);
  await env.advance(0);
  assert.equal(env.requests.length, 1);
  const [r] = env.requests;
  assert.equal(r.url, "/v1/events");
  assert.deepEqual(r.events.map((e) => [e.type, e.itemId]), [["view", "a"], ["click", "b"], ["add_to_cart", "c"]]);
  assert.equal(r.events[2].value, 2);
  r.events.forEach((e) => assert.match(e.eventId, UUID));
  assert.equal(new Set(ids(r.events)).size, 3);
});

spec("a partial batch is sent after the flush interval, not before", async () => {
  const env = fakeEnv();
  const perch = tracker.createTracker({ batchSize: 10, flushIntervalMs: 2000 }, env);
  perch.productView("a");
  await env.advance(1999);
  assert.equal(env.requests.length, 0);
  await env.advance(1);
  assert.equal(env.requests.length, 1);
  assert.equal(perch.pending(), 0);
});

spec("events carry the session id (kept in sessionStorage) and the user id set later", async () => {
  const env = fakeEnv();
  const perch = tracker.createTracker({ batchSize: 2 }, env);
  perch.productView("a");
  perch.setUserId("customer-42");
  perch.productView("b");
  await env.advance(0);
  const [first, second] = env.requests[0].events;
  assert.match(first.userId, /^anon-/);
  assert.equal(second.userId, "customer-42");
  assert.equal(first.sessionId, env.sessionStorage.getItem("perch.sessionId"));
  assert.equal(second.sessionId, first.sessionId);
  assert.equal(tracker.createTracker({}, env).sessionId(), first.sessionId, "same tab, same session");
  assert.equal(tracker.createTracker({}, env).userId(), "customer-42", "user id survives a page load");
  assert.deepEqual(first.context, { page: "/p", device: "desktop" });
});

spec("on 503 only the failed events are sent again, with the same ids, after a backoff", async () => {
  const env = fakeEnv([
    { status: 503, headers: { "Retry-After": "1" }, body: (events) => ({
      accepted: 1, rejected: 0, failed: 1,
      results: [{ index: 0, status: "accepted" }, { index: 1, status: "failed" }] }) },
    { status: 200 },
  ]);
  const perch = tracker.createTracker({ batchSize: 2, baseBackoffMs: 500 }, env);
  perch.productView("a");
  perch.productView("b");
  await env.advance(0);
  assert.equal(env.requests.length, 1);
  await env.advance(999);
  assert.equal(env.requests.length, 1, "waits at least Retry-After");
  await env.advance(1);
  assert.equal(env.requests.length, 2);
  assert.deepEqual(ids(env.requests[1].events), [env.requests[0].events[1].eventId]);
});

spec("on 429 the batch waits Retry-After seconds and is sent again unchanged", async () => {
  const env = fakeEnv([{ status: 429, headers: { "Retry-After": "3" }, body: { error: "slow down" } }]);
  const perch = tracker.createTracker({ batchSize: 2 }, env);
  perch.productView("a");
  perch.purchase("a", 9.99);
  await env.advance(0);
  perch.productView("c"); // queued behind the retry
  await env.advance(2999);
  assert.equal(env.requests.length, 1);
  await env.advance(1);
  assert.equal(env.requests.length, 2);
  assert.deepEqual(ids(env.requests[1].events).slice(0, 2), ids(env.requests[0].events));
  assert.equal(env.requests[1].events[1].value, 9.99);
});

spec("network errors back off exponentially (with jitter) and keep the event ids", async () => {
  const env = fakeEnv([{ networkError: true }, { networkError: true }, { networkError: true }, { status: 200 }]);
  const perch = tracker.createTracker({ batchSize: 1, baseBackoffMs: 1000, maxBackoffMs: 60000 }, env);
  const id = perch.productView("a");
  await env.advance(0);
  const times = [env.time];
  for (let i = 0; i < 3; i++) {
    const before = env.requests.length;
    while (env.requests.length === before) await env.advance(50);
    times.push(env.time);
  }
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  assert.ok(gaps[0] >= 500 && gaps[0] <= 1050, "first wait in [base/2, base]: " + gaps);
  assert.ok(gaps[1] >= 1000 && gaps[1] <= 2050, "second wait doubles: " + gaps);
  assert.ok(gaps[2] >= 2000 && gaps[2] <= 4050, "third wait doubles again: " + gaps);
  env.requests.forEach((r) => assert.deepEqual(ids(r.events), [id]));
  assert.equal(perch.pending(), 0);
});

spec("400 (every event rejected) and 401 are not retried", async () => {
  const env = fakeEnv([
    { status: 400, body: { accepted: 0, rejected: 1, failed: 0, results: [{ index: 0, status: "rejected", errors: [] }] } },
    { status: 401, body: { error: "unknown write key" } },
  ]);
  const perch = tracker.createTracker({ batchSize: 1 }, env);
  perch.productView("a");
  await env.advance(0);
  perch.productView("b");
  await env.advance(60000);
  assert.equal(env.requests.length, 2);
  assert.equal(perch.pending(), 0);
  assert.equal(env.warnings.length, 2);
});

spec("an event is given up after maxAttempts failed sends", async () => {
  const env = fakeEnv(Array.from({ length: 10 }, () => ({ status: 503 })));
  const perch = tracker.createTracker({ batchSize: 1, maxAttempts: 3, baseBackoffMs: 10, maxBackoffMs: 10 }, env);
  perch.productView("a");
  await env.advance(10000);
  assert.equal(env.requests.length, 3);
  assert.equal(perch.pending(), 0);
});

spec("with a write key, the hidden page's queue goes out with fetch keepalive, the key in a header and never in the URL", async () => {
  const env = fakeEnv();
  const perch = tracker.createTracker({ batchSize: 10, writeKey: "site key" }, env);
  perch.productView("a");
  env.hide();
  assert.equal(env.beacons.length, 0);
  assert.equal(env.requests.length, 1);
  assert.equal(env.requests[0].url, "/v1/events");
  assert.equal(env.requests[0].init.keepalive, true);
  assert.equal(env.requests[0].init.headers["X-Perch-Write-Key"], "site key");
  perch.productView("b");
  await env.advance(5000);
  assert.equal(env.requests[1].url, "/v1/events");
  assert.equal(env.requests[1].init.headers["X-Perch-Write-Key"], "site key");
});

spec("when the page is hidden the queue goes out with sendBeacon", async () => {
  const env = fakeEnv();
  const perch = tracker.createTracker({ batchSize: 10 }, env);
  perch.productView("a");
  perch.search("red shoes");
  env.hide();
  assert.equal(env.beacons.length, 1);
  assert.equal(env.beacons[0].url, "/v1/events");
  assert.deepEqual(env.beacons[0].events.map((e) => e.type), ["view", "search"]);
  assert.equal(env.beacons[0].events[1].query, "red shoes");
  assert.equal(perch.pending(), 0);
  await env.advance(5000);
  assert.equal(env.requests.length, 0, "nothing sent twice");
});

spec("without sendBeacon the hide flush uses fetch with keepalive", async () => {
  const env = fakeEnv();
  env.sendBeacon = null;
  const perch = tracker.createTracker({}, env);
  perch.productView("a");
  env.hide();
  assert.equal(env.requests.length, 1);
  assert.equal(env.requests[0].init.keepalive, true);
});

spec("unknown event types are refused at once", () => {
  const perch = tracker.createTracker({}, fakeEnv());
  assert.throws(() => perch.track("hover", { itemId: "a" }), /unknown event type hover/);
});

(async () => {
  let failed = 0;
  for (const c of cases) {
    try {
      await c.fn();
      console.log("ok   " + c.name);
    } catch (e) {
      failed++;
      console.log("FAIL " + c.name + "\n     " + (e && e.stack ? e.stack : e));
    }
  }
  console.log(cases.length - failed + "/" + cases.length + " passed");
  process.exit(failed ? 1 : 0);
})();
