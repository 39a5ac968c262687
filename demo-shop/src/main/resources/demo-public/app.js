// The demo storefront: a catalog grid, the tracker wired to clicks, and the live
// "Recommended for you" row fed by the model server's SSE stream (proxied by the collector).
(function () {
  "use strict";

  var REASONS = {
    PERSONAL: "picked for you",
    SIMILAR_TO_VIEWED: "similar to what you viewed",
    BOUGHT_TOGETHER: "often bought together",
    TRENDING: "trending now",
    POPULAR: "popular",
    OTHER: "",
  };
  var USERS = 20;
  var catalog = {};
  var items = [];
  var stream = null;
  var tokenTimer = null;
  var lastList = null;
  var el = function (id) { return document.getElementById(id); };

  /** The shoppers to pick from: ?user=ID (a visitor of your own, not simulated) first, then the simulated ones. */
  function userIds() {
    var ids = [];
    var asked = new URLSearchParams(window.location.search).get("user");
    if (asked) ids.push(asked);
    for (var i = 1; i <= USERS; i++) ids.push("shopper-" + String(i).padStart(3, "0"));
    return ids;
  }

  function card(item, reason) {
    var div = document.createElement("div");
    div.className = "card" + (item.available ? "" : " unavailable");
    div.dataset.itemId = item.itemId;
    div.innerHTML =
      '<span class="title"></span><span class="meta"></span><span class="price"></span>' +
      (reason !== undefined ? '<span class="reason"></span>' : "") +
      '<span class="actions"><button data-act="cart">Add to cart</button><button data-act="buy">Buy</button></span>';
    div.querySelector(".title").textContent = item.title;
    div.querySelector(".meta").textContent = item.brand + " · " + item.category + " › " + item.subcategory;
    div.querySelector(".price").textContent = item.price.toFixed(2) + (item.available ? "" : " · sold out");
    if (reason !== undefined) div.querySelector(".reason").textContent = REASONS[reason] || reason;
    div.addEventListener("click", function (e) {
      var act = e.target.dataset && e.target.dataset.act;
      if (act === "cart") { log("add_to_cart", item); perch.addToCart(item.itemId, 1); }
      else if (act === "buy") { log("purchase", item); perch.purchase(item.itemId, item.price); }
      else {
        log("click + view", item);
        perch.click(item.itemId);
        perch.productView(item.itemId);
        document.querySelectorAll(".card.viewed").forEach(function (c) { c.classList.remove("viewed"); });
        div.classList.add("viewed");
      }
      perch.flush();
    });
    return div;
  }

  function renderGrid() {
    var wanted = el("category").value;
    var grid = el("grid");
    grid.textContent = "";
    items.filter(function (i) { return !wanted || i.category === wanted; })
      .forEach(function (i) { grid.appendChild(card(i)); });
  }

  function renderRecommendations(list) {
    var strip = el("recommendations");
    strip.textContent = "";
    (list.items || []).forEach(function (r) {
      var item = catalog[r.itemId] || { itemId: r.itemId, title: r.itemId, brand: "?", category: "?", subcategory: "?", price: 0, available: true };
      strip.appendChild(card(item, r.reason));
    });
    if (!list.items || list.items.length === 0) strip.innerHTML = '<p class="hint">an empty list</p>';
    var cause = list.causeReceivedTime ? Date.parse(list.causeReceivedTime) : NaN;
    lastList = { list: list, latencyMs: isNaN(cause) ? null : Date.now() - cause, at: Date.now() };
    showLatency();
  }

  /** The end-to-end latency of the last update: its arrival here minus causeReceivedTime. */
  function showLatency() {
    if (!lastList) return;
    var list = lastList.list;
    var age = Math.round((Date.now() - lastList.at) / 1000);
    el("latency").textContent = lastList.latencyMs === null
      ? "list from " + (list.source || "the model server") + " (no causing event)"
      : "last update " + lastList.latencyMs + " ms after your event reached Perch" +
        " · " + age + " s ago · model " + list.modelVersion;
  }

  function renderState(state) {
    var list = el("categories");
    list.textContent = "";
    var entries = Object.entries(state.categoryAffinity || {}).sort(function (a, b) { return b[1] - a[1]; }).slice(0, 5);
    if (entries.length === 0) { list.innerHTML = '<li class="hint">nothing known yet</li>'; return; }
    var max = entries[0][1] || 1;
    entries.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e[0] + " " + e[1].toFixed(2);
      var bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = Math.max(4, Math.round(120 * e[1] / max)) + "px";
      li.appendChild(bar);
      list.appendChild(li);
    });
  }

  function refreshState(userId) {
    fetch("/v1/users/" + encodeURIComponent(userId) + "/state")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s && perch.userId() === userId) renderState(s); })
      .catch(function () {});
  }

  /**
   * The demo shop's back end hands the page a short-lived token for the shown shopper, as an
   * HttpOnly cookie that fetch and EventSource carry to /v1/users/{id}/*; a real shop's back end
   * does this for its logged-in shopper only.
   */
  function withToken(userId, then) {
    fetch("/demo/token?user=" + encodeURIComponent(userId), { method: "POST", credentials: "same-origin" })
      .then(function () { if (perch.userId() === userId) then(); })
      .catch(function () { setTimeout(function () { withToken(userId, then); }, 2000); });
  }

  function connect(userId) {
    if (stream) stream.close();
    if (tokenTimer) clearTimeout(tokenTimer);
    lastList = null;
    el("latency").textContent = "no update yet";
    el("recommendations").innerHTML = '<p class="hint">waiting for the first list…</p>';
    withToken(userId, function () { open(userId); });
  }

  /**
   * The list shown before the stream sends one. A model server that is still starting (or
   * rebalancing) answers 503 with Retry-After, an unreachable one 502, and one that knows no popular
   * or trending item yet an empty list: ask again, backing off, until a list is shown (the stream's
   * own or this one) or the shopper changes; without this a page opened during start-up waited for
   * the shopper's first event.
   */
  function firstList(userId, attempt) {
    fetch("/v1/users/" + encodeURIComponent(userId) + "/recommendations?k=12")
      .then(function (r) {
        if (r.ok) {
          return r.json().then(function (list) {
            // nothing to show yet (no popularity or trending before the first events): ask again
            if (!list || !list.items || list.items.length === 0) throw { retryMs: null };
            return list;
          });
        }
        if (r.status === 502 || r.status === 503 || r.status === 504) {
          var after = parseInt(r.headers.get("Retry-After"), 10);
          throw { retryMs: isNaN(after) ? null : after * 1000 };
        }
        return null;
      })
      .then(function (list) { if (list && !lastList && perch.userId() === userId) renderRecommendations(list); })
      .catch(function (e) {
        if (lastList || perch.userId() !== userId) return;
        var backoff = Math.min(10000, 500 * Math.pow(2, Math.min(attempt, 5)));
        var wait = e && e.retryMs ? Math.max(e.retryMs, 500) : backoff;
        el("recommendations").innerHTML = '<p class="hint">waiting for the first list (the engine is starting)…</p>';
        setTimeout(function () { firstList(userId, attempt + 1); }, wait);
      });
  }

  function open(userId) {
    // renew the token before it expires, and the stream with it
    tokenTimer = setTimeout(function () { withToken(userId, function () { open(userId); }); }, 10 * 60 * 1000);
    if (stream) stream.close();
    firstList(userId, 0);
    refreshState(userId);
    stream = new EventSource("/v1/users/" + encodeURIComponent(userId) + "/recommendations/stream");
    stream.onopen = function () { el("connection").textContent = "live"; el("connection").className = "badge live"; };
    stream.onerror = function () {
      el("connection").textContent = "reconnecting";
      el("connection").className = "badge";
      if (stream.readyState === EventSource.CLOSED) {
        // refused (the token expired): get a new one, then listen again
        setTimeout(function () { withToken(userId, function () { open(userId); }); }, 1000);
      }
    };
    stream.addEventListener("recommendations", function (e) {
      renderRecommendations(JSON.parse(e.data));
      refreshState(userId);
    });
  }

  /** Personalised search: the model server's hybrid search, re-ranked with what this shopper did. */
  function search(userId) {
    var q = el("search-query").value.trim();
    if (!q) return;
    fetch("/v1/users/" + encodeURIComponent(userId) + "/search?k=12&q=" + encodeURIComponent(q))
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        var results = el("search-results");
        results.textContent = "";
        if (!answer.ok) {
          el("search-understood").textContent = answer.body.error || "search failed";
          return;
        }
        var understood = Object.entries(answer.body.understood || {})
          .filter(function (e) { return e[0] !== "text"; })
          .map(function (e) { return e[0] + ": " + e[1]; });
        el("search-understood").textContent =
          (understood.length ? "understood " + understood.join(", ") : "no filters understood") +
          (answer.body.personalised ? " · ranked for " + userId : " · not personalised yet");
        (answer.body.items || []).forEach(function (hit) {
          var item = catalog[hit.itemId] || { itemId: hit.itemId, title: hit.title || hit.itemId, brand: "?", category: "?", subcategory: "?", price: 0, available: true };
          results.appendChild(card(item));
        });
        if (!answer.body.items || answer.body.items.length === 0) results.innerHTML = '<p class="hint">nothing found</p>';
      })
      .catch(function () { el("search-understood").textContent = "search failed"; });
  }

  function log(what, item) {
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString() + "  " + perch.userId() + "  " + what + "  " + item.itemId + "  " + item.title;
    el("log").prepend(li);
  }

  function start() {
    var picker = el("user");
    userIds().forEach(function (id) {
      var opt = document.createElement("option");
      opt.value = opt.textContent = id;
      picker.appendChild(opt);
    });
    var current = perch.userId();
    if (new URLSearchParams(window.location.search).get("user") || userIds().indexOf(current) < 0) current = userIds()[0];
    picker.value = current;
    perch.setUserId(current);
    picker.addEventListener("change", function () { perch.flush(); perch.setUserId(picker.value); connect(picker.value); });
    el("category").addEventListener("change", renderGrid);
    el("search-form").addEventListener("submit", function (e) { e.preventDefault(); search(perch.userId()); });
    setInterval(showLatency, 1000);

    fetch("/v1/catalog").then(function (r) { return r.json(); }).then(function (all) {
      items = all;
      all.forEach(function (i) { catalog[i.itemId] = i; });
      var categories = Array.from(new Set(all.map(function (i) { return i.category; })));
      categories.forEach(function (c) {
        var opt = document.createElement("option");
        opt.value = opt.textContent = c;
        el("category").appendChild(opt);
      });
      renderGrid();
      connect(current);
    });
  }

  start();
})();
