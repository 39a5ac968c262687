// Sends three events through tracker.js to a running collector with node's real fetch, then
// prints {"ids": [...], "statuses": [...]} and exits. Used by TrackerEndToEndITCase.
// Usage: node tracker-e2e.js path/to/tracker.js http://127.0.0.1:PORT/v1/events userId
"use strict";
const tracker = require(require("node:path").resolve(process.argv[2]));
const statuses = [];
const env = {
  fetch: (url, init) => fetch(url, init).then((r) => { statuses.push(r.status); return r; }),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t),
  now: () => Date.now(),
  random: Math.random,
  crypto: require("node:crypto"),
  console: console,
  context: () => ({ page: "/e2e", device: "desktop" }),
};
const perch = tracker.createTracker({ endpoint: process.argv[3], batchSize: 3 }, env);
perch.setUserId(process.argv[4]);
const ids = [perch.productView("demo-001"), perch.addToCart("demo-001", 1), perch.purchase("demo-001", 9.99)];
const deadline = Date.now() + 30000;
(function wait() {
  if (statuses.length > 0 && perch.pending() === 0) {
    console.log(JSON.stringify({ ids, statuses }));
    process.exit(0);
  } else if (Date.now() > deadline) {
    console.log(JSON.stringify({ ids, statuses, error: "timeout" }));
    process.exit(1);
  } else {
    setTimeout(wait, 20);
  }
})();
