/*
 * Perch tracker: sends shop events to the Perch collector (POST /v1/events). No dependencies.
 *
 *   <script src="https://collector.example.com/tracker.js"
 *           data-endpoint="https://collector.example.com/v1/events" data-write-key="site-key"></script>
 *   perch.setUserId("customer-42");           // optional; otherwise an anonymous id is kept
 *   perch.productView("sku-1");                // or perch.track("view", {itemId: "sku-1"})
 *   perch.addToCart("sku-1", 2);  perch.purchase("sku-1", 19.99);  perch.search("red shoes");
 *
 * Events are batched (every `batchSize` events or `flushIntervalMs`), flushed with
 * navigator.sendBeacon (or fetch keepalive) when the page is hidden, and retried with exponential
 * backoff on 429, 503, other 5xx and network errors. Every event gets its eventId once, when it is
 * tracked, so a retry carries the same id and Perch counts it once.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api; // Node (tests): createTracker(options, env)
  } else {
    root.perch = api.createTracker(api.optionsFromScript(root.document), api.browserEnv(root));
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var DEFAULTS = {
    endpoint: "/v1/events",
    writeKey: null,
    batchSize: 10,
    maxBatchSize: 100,
    flushIntervalMs: 2000,
    baseBackoffMs: 500,
    maxBackoffMs: 30000,
    maxAttempts: 10,
    maxQueue: 1000,
  };
  var TYPES = ["view", "click", "add_to_cart", "remove_from_cart", "purchase", "search", "rate"];

  function uuid(env) {
    if (env.crypto && typeof env.crypto.randomUUID === "function") {
      return env.crypto.randomUUID();
    }
    var hex = "0123456789abcdef";
    var s = "";
    for (var i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) { s += "-"; continue; }
      var r = Math.floor(env.random() * 16);
      if (i === 14) r = 4;
      if (i === 19) r = (r & 3) | 8;
      s += hex[r];
    }
    return s;
  }

  function stored(storage, key, make) {
    try {
      var value = storage && storage.getItem(key);
      if (!value) {
        value = make();
        if (storage) storage.setItem(key, value);
      }
      return value;
    } catch (e) {
      return make(); // storage blocked (private mode): an id per page
    }
  }

  function createTracker(options, env) {
    var o = {};
    var k;
    for (k in DEFAULTS) o[k] = DEFAULTS[k];
    for (k in options || {}) if (options[k] !== undefined && options[k] !== null) o[k] = options[k];

    var queue = [];          // {event, attempts}
    var inFlight = false;
    var timer = null;
    var retryAt = 0;         // no request before this time (backoff, Retry-After)
    var failures = 0;        // consecutive failed requests, for the backoff
    var sessionId = stored(env.sessionStorage, "perch.sessionId", function () { return uuid(env); });
    var userId = stored(env.localStorage, "perch.userId", function () { return "anon-" + uuid(env); });
    var context = env.context ? env.context() : {};

    function url() {
      return o.endpoint;
    }

    /** The write key goes in a header, never in the URL (URLs end up in access logs). */
    function headers(contentType) {
      var h = { "Content-Type": contentType };
      if (o.writeKey) h["X-Perch-Write-Key"] = o.writeKey;
      return h;
    }

    function schedule(delay) {
      if (timer !== null) return;
      timer = env.setTimeout(function () { timer = null; flush(); }, Math.max(0, delay));
    }

    function backoff() {
      var exp = Math.min(o.maxBackoffMs, o.baseBackoffMs * Math.pow(2, Math.max(0, failures - 1)));
      return Math.round(exp / 2 + env.random() * exp / 2); // "equal jitter"
    }

    function requeue(items, delay) {
      var keep = items.filter(function (i) { return ++i.attempts < o.maxAttempts; });
      queue = keep.concat(queue).slice(0, o.maxQueue);
      retryAt = env.now() + delay;
      schedule(delay);
    }

    function handle(batch, status, body, retryAfter) {
      if (status >= 200 && status < 300 || status === 400) {
        failures = 0;
        retryAt = 0;
        if (body && body.rejected > 0 && env.console) {
          env.console.warn("perch: events rejected", body.results.filter(function (r) { return r.status === "rejected"; }));
        }
        if (queue.length >= o.batchSize) schedule(0); else if (queue.length) schedule(o.flushIntervalMs);
        return;
      }
      if (status === 429 || status === 503 || status >= 500 || status === 0) {
        var retry = batch;
        if (status === 503 && body && body.results) {
          var failed = {};
          body.results.forEach(function (r) { if (r.status === "failed") failed[r.index] = true; });
          retry = batch.filter(function (_, i) { return failed[i]; });
        }
        failures++;
        var seconds = parseInt(retryAfter, 10);
        var delay = status === 429 && seconds > 0 ? seconds * 1000 : backoff();
        if (status !== 429) delay = Math.max(delay, seconds > 0 ? seconds * 1000 : 0);
        requeue(retry, delay);
        return;
      }
      if (env.console) env.console.warn("perch: batch dropped, collector answered " + status);
      failures = 0;
      if (queue.length) schedule(o.flushIntervalMs);
    }

    function flush() {
      if (inFlight || queue.length === 0) return;
      var wait = retryAt - env.now();
      if (wait > 0) { schedule(wait); return; }
      var batch = queue.splice(0, o.maxBatchSize);
      inFlight = true;
      var payload = JSON.stringify(batch.map(function (i) { return i.event; }));
      env.fetch(url(), { method: "POST", headers: headers("application/json"), body: payload, keepalive: payload.length < 60000 })
        .then(function (response) {
          return response.text().then(function (text) {
            var body = null;
            try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
            return { status: response.status, body: body, retryAfter: response.headers.get("Retry-After") };
          });
        }, function () { return { status: 0, body: null, retryAfter: null }; })
        .then(function (r) {
          inFlight = false;
          handle(batch, r.status, r.body, r.retryAfter);
        });
    }

    /**
     * Sends what is queued now (the page is going away): with sendBeacon when no write key is
     * needed (a beacon cannot carry a header), else, or if the beacon is refused, fetch keepalive.
     */
    function flushOnHide() {
      if (queue.length === 0) return;
      var batch = queue.splice(0, o.maxBatchSize);
      var payload = JSON.stringify(batch.map(function (i) { return i.event; }));
      var sent = false;
      if (env.sendBeacon && !o.writeKey) {
        try { sent = env.sendBeacon(url(), payload); } catch (e) { sent = false; }
      }
      if (!sent) {
        env.fetch(url(), { method: "POST", headers: headers(o.writeKey ? "application/json" : "text/plain"), body: payload, keepalive: true })
          .catch(function () {});
      }
    }

    function track(type, props) {
      if (TYPES.indexOf(type) < 0) throw new Error("perch: unknown event type " + type + " (one of " + TYPES.join(", ") + ")");
      props = props || {};
      var event = {
        eventId: uuid(env),
        userId: userId,
        sessionId: sessionId,
        type: type,
        eventTime: env.now(),
      };
      if (props.itemId !== undefined) event.itemId = String(props.itemId);
      if (props.query !== undefined) event.query = String(props.query);
      if (props.value !== undefined) event.value = Number(props.value);
      if (context && (context.page || context.referrer || context.device || context.locale)) {
        event.context = {};
        for (var c in context) if (context[c]) event.context[c] = context[c];
      }
      queue.push({ event: event, attempts: 0 });
      if (queue.length > o.maxQueue) queue.shift();
      if (queue.length >= o.batchSize) {
        if (timer !== null) { env.clearTimeout(timer); timer = null; }
        flush();
      } else {
        schedule(o.flushIntervalMs);
      }
      return event.eventId;
    }

    if (env.onHide) env.onHide(flushOnHide);

    return {
      track: track,
      productView: function (itemId) { return track("view", { itemId: itemId }); },
      click: function (itemId) { return track("click", { itemId: itemId }); },
      addToCart: function (itemId, quantity) { return track("add_to_cart", { itemId: itemId, value: quantity === undefined ? 1 : quantity }); },
      removeFromCart: function (itemId, quantity) { return track("remove_from_cart", { itemId: itemId, value: quantity === undefined ? 1 : quantity }); },
      purchase: function (itemId, price) { return track("purchase", { itemId: itemId, value: price }); },
      search: function (query) { return track("search", { query: query }); },
      /** A page (or SPA route) was shown: later events carry it as context.page; nothing is sent,
       *  because a Perch event is always about an item (or a search). */
      pageView: function (page, referrer) {
        context = context || {};
        context.page = page;
        if (referrer !== undefined) context.referrer = referrer;
      },
      /** Events tracked from now on belong to {@code id} (kept in localStorage across pages). */
      setUserId: function (id) {
        userId = String(id);
        try { if (env.localStorage) env.localStorage.setItem("perch.userId", userId); } catch (e) { /* ignore */ }
      },
      userId: function () { return userId; },
      sessionId: function () { return sessionId; },
      flush: function () { if (timer !== null) { env.clearTimeout(timer); timer = null; } flush(); },
      pending: function () { return queue.length; },
    };
  }

  function optionsFromScript(document) {
    var script = document && document.currentScript;
    if (!script) return {};
    return {
      endpoint: script.getAttribute("data-endpoint") || undefined,
      writeKey: script.getAttribute("data-write-key") || undefined,
    };
  }

  function browserEnv(w) {
    var storage = function (name) { try { return w[name]; } catch (e) { return null; } };
    return {
      fetch: function (u, init) { return w.fetch(u, init); },
      sendBeacon: w.navigator && w.navigator.sendBeacon ? function (u, d) { return w.navigator.sendBeacon(u, d); } : null,
      setTimeout: function (f, ms) { return w.setTimeout(f, ms); },
      clearTimeout: function (t) { w.clearTimeout(t); },
      now: function () { return Date.now(); },
      random: Math.random,
      crypto: w.crypto,
      console: w.console,
      sessionStorage: storage("sessionStorage"),
      localStorage: storage("localStorage"),
      context: function () {
        return {
          page: w.location ? w.location.pathname : undefined,
          referrer: w.document && w.document.referrer ? w.document.referrer.slice(0, 2048) : undefined,
          device: /Mobi/.test(w.navigator ? w.navigator.userAgent : "") ? "mobile" : "desktop",
          locale: w.navigator ? w.navigator.language : undefined,
        };
      },
      onHide: function (f) {
        w.addEventListener("pagehide", f);
        w.document.addEventListener("visibilitychange", function () {
          if (w.document.visibilityState === "hidden") f();
        });
      },
    };
  }

  return { createTracker: createTracker, optionsFromScript: optionsFromScript, browserEnv: browserEnv, TYPES: TYPES };
});
