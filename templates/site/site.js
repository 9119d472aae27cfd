// agentmc-gen docs site: theme, tabs, site search, copy buttons on code
// blocks and the operation filter of the index page. Works from a web
// server and from file:// under the pages' Content-Security-Policy (no
// inline script). Loaded in <head>: the theme applies before the first paint.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // localStorage may throw (file:// in some browsers, privacy settings).
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* not remembered */ }
  }

  // ---- Theme ----------------------------------------------------------------
  var theme = load("api-docs-theme");
  if (theme === "dark" || theme === "light") { root.setAttribute("data-theme", theme); }
  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t) { return t === "dark"; }
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }
  function setupTheme() {
    var button = document.getElementById("theme-toggle");
    if (!button) { return; }
    function show() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      save("api-docs-theme", next);
      show();
    });
  }

  // ---- Tabs (variants and code samples) --------------------------------------
  // Without script every panel shows, each under its label; with it, the
  // tab list follows the ARIA tabs pattern with a roving tabindex.
  var CODE_KEY = "api-docs-code";
  function setupTabs() {
    var groups = document.querySelectorAll("[data-tabs]");
    var wanted = load(CODE_KEY);
    Array.prototype.forEach.call(groups, function (group) {
      var list = null;
      for (var c = group.firstElementChild; c; c = c.nextElementSibling) {
        if (c.getAttribute("role") === "tablist") { list = c; break; }
      }
      if (!list) { return; }
      var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
      function select(i, focus) {
        tabs.forEach(function (tab, j) {
          var on = i === j;
          tab.setAttribute("aria-selected", on ? "true" : "false");
          tab.tabIndex = on ? 0 : -1;
          var panel = document.getElementById(tab.getAttribute("aria-controls"));
          if (panel) { panel.hidden = !on; }
        });
        if (focus) { tabs[i].focus(); }
      }
      group.selectKey = function (key) {
        for (var i = 0; i < tabs.length; i++) {
          if (tabs[i].getAttribute("data-key") === key) { select(i, false); return; }
        }
      };
      tabs.forEach(function (tab, i) {
        tab.addEventListener("click", function () {
          select(i, false);
          var key = tab.getAttribute("data-key");
          if (group.getAttribute("data-tabs") === "code" && key) {
            save(CODE_KEY, key);
            Array.prototype.forEach.call(document.querySelectorAll("[data-tabs=code]"), function (g) {
              if (g !== group && g.selectKey) { g.selectKey(key); }
            });
          }
        });
        tab.addEventListener("keydown", function (e) {
          var n = tabs.length, j = -1;
          if (e.key === "ArrowRight" || e.key === "ArrowDown") { j = (i + 1) % n; }
          if (e.key === "ArrowLeft" || e.key === "ArrowUp") { j = (i - 1 + n) % n; }
          if (e.key === "Home") { j = 0; }
          if (e.key === "End") { j = n - 1; }
          if (j < 0) { return; }
          e.preventDefault();
          select(j, true);
          tabs[j].click();
          tabs[j].focus();
        });
      });
      list.hidden = false;
      select(0, false);
      if (wanted && group.getAttribute("data-tabs") === "code") { group.selectKey(wanted); }
    });
    // A link to a field inside a hidden panel or a closed <details> opens it.
    function reveal() {
      var id = decodeURIComponent(location.hash.slice(1));
      var el = id && document.getElementById(id);
      for (var p = el; p && p !== document.body; p = p.parentElement) {
        if (p.tagName === "DETAILS") { p.open = true; }
        if (p.getAttribute && p.getAttribute("role") === "tabpanel" && p.hidden) {
          var tab = document.getElementById(p.getAttribute("aria-labelledby"));
          if (tab) { tab.click(); }
        }
      }
      if (el && el.scrollIntoView) { el.scrollIntoView(); }
    }
    window.addEventListener("hashchange", reveal);
    if (location.hash.indexOf("#field-") === 0) { reveal(); }
  }

  // Printing shows every variant and every folded field.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  // ---- Site search ----------------------------------------------------------
  // The index is search-index.js, loaded by a <script> element on first
  // use: fetch() fails over file://, a script does not.
  function setupSearch() {
    var box = document.getElementById("search");
    var input = document.getElementById("site-search");
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!box || !input) { return; }
    var base = document.body.getAttribute("data-root") || "";
    var loading = false;
    box.hidden = false;
    // Loads the index once, then searches for what the box holds by then.
    function ensureIndex() {
      if (window.API_DOCS_SEARCH) { run(); return; }
      if (loading) { return; }
      loading = true;
      var s = document.createElement("script");
      s.src = base + "search-index.js";
      s.onload = run;
      s.onerror = function () { status.textContent = "Search index unavailable"; };
      document.head.appendChild(s);
    }
    function score(words, fields) {
      var total = 0;
      for (var i = 0; i < words.length; i++) {
        var best = 0;
        for (var f = 0; f < fields.length; f++) {
          var text = (fields[f] || "").toLowerCase();
          var at = text.indexOf(words[i]);
          if (at >= 0) { best = Math.max(best, (fields.length - f) * (at === 0 ? 2 : 1)); }
        }
        if (!best) { return 0; }
        total += best;
      }
      return total;
    }
    function run() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      results.textContent = "";
      if (!words.length || !window.API_DOCS_SEARCH) { results.hidden = true; status.textContent = ""; return; }
      var hits = [];
      window.API_DOCS_SEARCH.operations.forEach(function (r) {
        var sc = score(words, [r[0], r[2], r[1], r[3], r[4]]);
        if (sc) { hits.push({ s: sc, label: r[1].toUpperCase() + " " + r[2], title: r[0], note: r[3], href: r[5] }); }
      });
      window.API_DOCS_SEARCH.schemas.forEach(function (r) {
        var sc = score(words, [r[0]]);
        if (sc) { hits.push({ s: sc / 2, label: "schema", title: r[0], note: "", href: r[1] }); }
      });
      hits.sort(function (a, b) { return b.s - a.s; });
      var list = document.createElement("ul");
      hits.slice(0, 30).forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + h.href;
        var t = document.createElement("strong");
        t.textContent = h.title;
        var m = document.createElement("span");
        m.className = "hit-meta";
        m.textContent = " " + h.label + (h.note ? " · " + h.note : "");
        a.appendChild(t);
        a.appendChild(m);
        li.appendChild(a);
        list.appendChild(li);
      });
      results.appendChild(list);
      results.hidden = false;
      status.textContent = hits.length ? hits.length + " results" : "No results";
      if (!hits.length) {
        var p = document.createElement("p");
        p.textContent = "No results";
        results.appendChild(p);
      }
    }
    input.addEventListener("focus", ensureIndex);
    input.addEventListener("input", ensureIndex);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = results.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
      if (e.key === "Escape") { input.value = ""; run(); }
    });
    results.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(results.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) { return; }
      if (e.key === "ArrowDown" && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (e.key === "Escape") { input.focus(); input.value = ""; run(); }
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target.tagName;
      if (e.key === "/" && t !== "INPUT" && t !== "SELECT" && t !== "TEXTAREA" && !document.getElementById("filters")) {
        e.preventDefault();
        input.focus();
      }
    });
  }

  // ---- Copy buttons -------------------------------------------------------
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.top = "-1000px";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function addCopyButtons() {
    var blocks = document.querySelectorAll("main pre > code");
    Array.prototype.forEach.call(blocks, function (code) {
      var pre = code.parentNode;
      if (pre.parentNode.classList.contains("code-wrap")) { return; }
      pre.tabIndex = 0; // a scrolling block must be reachable by keyboard
      var wrap = document.createElement("div");
      wrap.className = "code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var m = /(?:^|\s)language-(\S+)/.exec(code.className);
      if (m) {
        var lang = document.createElement("span");
        lang.className = "lang";
        lang.textContent = m[1];
        wrap.appendChild(lang);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        copyText(code.textContent).then(function () {
          button.textContent = "Copied!";
          button.classList.add("copied");
        }, function () {
          button.textContent = "Press Ctrl+C";
          var range = document.createRange();
          range.selectNodeContents(code);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        });
        setTimeout(function () {
          button.textContent = "Copy";
          button.classList.remove("copied");
        }, 1600);
      });
      wrap.appendChild(button);
    });
  }

  // ---- Index filter ---------------------------------------------------------
  // The records are index.json: embedded in the page (so that file:// works),
  // else fetched beside the page.
  function loadRecords() {
    var el = document.getElementById("operations-data");
    if (el) {
      try { return Promise.resolve(JSON.parse(el.textContent)); } catch (e) { /* fall through */ }
    }
    if (!window.fetch) { return Promise.reject(new Error("no index data")); }
    return fetch("index.json").then(function (r) { return r.json(); });
  }

  function haystack(rec) {
    var parts = [rec.operationId, rec.method, rec.path, rec.summary, rec.description];
    (rec.tags || []).forEach(function (t) { parts.push(t); });
    (rec.parameters || []).forEach(function (p) { parts.push(p.name); });
    (rec.responses || []).forEach(function (r) { parts.push(r.status); });
    return parts.join("\n").toLowerCase();
  }

  function setupFilter() {
    var form = document.getElementById("filters");
    if (!form) { return; }
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var text = document.getElementById("filter-text");
    var tag = document.getElementById("filter-tag");
    var method = document.getElementById("filter-method");
    var count = document.getElementById("filter-count");
    var empty = document.getElementById("filter-empty");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-operation]"));

    loadRecords().then(function (records) {
      var byId = {};
      records.forEach(function (rec) { byId[rec.operationId] = { rec: rec, text: haystack(rec) }; });

      function apply(fromUser) {
        var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
        var t = tag.value, m = method.value, shown = 0;
        rows.forEach(function (row) {
          var item = byId[row.getAttribute("data-operation")];
          var ok = !!item;
          if (ok && t) { ok = (item.rec.tags || []).indexOf(t) >= 0; }
          if (ok && m) { ok = item.rec.method === m; }
          for (var i = 0; ok && i < words.length; i++) { ok = item.text.indexOf(words[i]) >= 0; }
          row.hidden = !ok;
          if (ok) { shown++; }
        });
        count.textContent = shown === rows.length ? rows.length + " operations" : shown + " of " + rows.length + " operations";
        empty.hidden = shown !== 0;
        if (fromUser && window.history && history.replaceState) {
          var params = [];
          if (text.value) { params.push("q=" + encodeURIComponent(text.value)); }
          if (t) { params.push("tag=" + encodeURIComponent(t)); }
          if (m) { params.push("method=" + encodeURIComponent(m)); }
          try { history.replaceState(null, "", params.length ? "#" + params.join("&") : location.pathname); } catch (e) { /* file:// in some browsers */ }
        }
      }

      // Restore the filter from the fragment: #q=task&tag=Tasks&method=post.
      location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
        var i = kv.indexOf("=");
        if (i < 0) { return; }
        var k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " "));
        if (k === "q") { text.value = v; }
        if (k === "tag") { tag.value = v; }
        if (k === "method") { method.value = v; }
      });
      text.addEventListener("input", function () { apply(true); });
      tag.addEventListener("change", function () { apply(true); });
      method.addEventListener("change", function () { apply(true); });
      document.addEventListener("keydown", function (e) {
        if (e.key === "/" && document.activeElement !== text) {
          e.preventDefault();
          text.focus();
        }
      });
      form.setAttribute("data-ready", "true");
      apply(false);
    }, function (err) {
      count.textContent = "Filter unavailable: " + err.message;
    });
  }

  // ---- Try it (agentmc-gen mock -site) ----------------------------------------
  // The mock answers MOCK_INFO on the page's own origin; anywhere else
  // (file://, a static host, serve) the panel stays hidden and the block
  // that says how to start the mock stays. Requests and credentials go to
  // the page's origin only; answers are shown as text.
  var MOCK_INFO = "/_agentmc-gen/mock.json", CRED_KEY = "api-docs-try:";
  function session(key, value) {
    try {
      if (value === undefined) { return window.sessionStorage.getItem(key); }
      window.sessionStorage.setItem(key, value);
    } catch (e) { /* kept in the field only */ }
    return null;
  }
  function setupTryIt() {
    var panel = document.getElementById("try-it");
    if (!panel || !window.fetch || !/^https?:$/.test(location.protocol)) { return; }
    fetch(MOCK_INFO, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok || !/json/.test(r.headers.get("Content-Type") || "")) { throw new Error("not the mock"); }
      return r.json();
    }).then(function (info) {
      if (info && typeof info.basePath === "string") { showTryIt(panel, info.basePath); }
    }, function () { /* not served by the mock */ });
  }
  function showTryIt(panel, base) {
    var offline = document.getElementById("try-it-offline");
    if (offline) { offline.hidden = true; }
    panel.hidden = false;
    var form = document.getElementById("try-form");
    Array.prototype.forEach.call(form.querySelectorAll("input[data-scheme]"), function (input) {
      var key = CRED_KEY + input.getAttribute("data-scheme");
      input.value = session(key) || "";
      input.addEventListener("input", function () { session(key, input.value); });
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      sendTry(panel, form, base);
    });
  }
  // tryPath fills a path template: literal text as a URL path holds it,
  // each {name} with its field's value, percent-encoded.
  function tryPath(template, values) {
    var lit = function (s) { return encodeURI(s).replace(/[?#]/g, encodeURIComponent); };
    var out = "", at = 0, re = /\{([^}]*)\}/g, m;
    while ((m = re.exec(template))) {
      out += lit(template.slice(at, m.index));
      out += Object.prototype.hasOwnProperty.call(values, m[1]) ? encodeURIComponent(values[m[1]]) : lit(m[0]);
      at = re.lastIndex;
    }
    return out + lit(template.slice(at));
  }
  function sendTry(panel, form, base) {
    var status = document.getElementById("try-status");
    var result = document.getElementById("try-result");
    var method = panel.getAttribute("data-method");
    var values = {}, query = [], headers = new Headers(), body;
    try {
      Array.prototype.forEach.call(form.querySelectorAll("[data-in]"), function (input) {
        var name = input.getAttribute("data-name"), where = input.getAttribute("data-in");
        var v = input.value;
        if (where === "path") { values[name] = v; return; }
        if (v === "") { return; }
        v = (input.getAttribute("data-prefix") || "") + v;
        if (where === "query") { query.push(encodeURIComponent(name) + "=" + encodeURIComponent(v)); }
        if (where === "header") { headers.set(name, v); }
      });
      var text = document.getElementById("try-body");
      if (text && text.value !== "" && method !== "GET" && method !== "HEAD") {
        body = text.value;
        headers.set("Content-Type", text.getAttribute("data-media-type"));
      }
      var code = document.getElementById("try-prefer").value, prefer = [];
      if (code) { prefer.push("code=" + code); }
      if (document.getElementById("try-dynamic").checked) { prefer.push("dynamic=true"); }
      if (prefer.length) { headers.set("Prefer", prefer.join(", ")); }
    } catch (e) {
      status.textContent = "Not sent: " + e.message;
      return;
    }
    var rel = ("/" + base + tryPath(panel.getAttribute("data-path"), values)).replace(/^\/+/, "/");
    if (query.length) { rel += "?" + query.join("&"); }
    var url = new URL(rel, location.href);
    if (url.origin !== location.origin) {
      status.textContent = "Not sent: the request would leave this origin";
      return;
    }
    if (form.getAttribute("aria-busy") === "true") { return; }
    // Not disabled while sending: the button keeps the keyboard focus.
    form.setAttribute("aria-busy", "true");
    var started = Date.now();
    status.textContent = "Sending " + method + " " + url.pathname + url.search + "…";
    fetch(url.pathname + url.search, { method: method, headers: headers, body: body, credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (r) {
        return r.text().then(function (t) {
          var lines = [];
          r.headers.forEach(function (v, k) { lines.push(k + ": " + v); });
          var ms = " · " + (Date.now() - started) + " ms";
          status.textContent = r.type === "opaqueredirect" ? "Redirect (not followed)" + ms : r.status + " " + r.statusText + ms;
          // Compact JSON is indented, unless parsing would change it (a
          // number beyond a double's precision): the body shows as sent.
          try {
            var v = JSON.parse(t);
            if (JSON.stringify(v) === t.trim()) { t = JSON.stringify(v, null, 2); }
          } catch (e) { /* not JSON */ }
          document.getElementById("try-headers").textContent = lines.sort().join("\n");
          document.getElementById("try-response").textContent = t;
          result.hidden = false;
        });
      })
      .catch(function (e) { status.textContent = "Failed: " + e.message; result.hidden = true; })
      .then(function () { form.removeAttribute("aria-busy"); });
  }

  function init() {
    setupTheme();
    setupTabs();
    setupSearch();
    addCopyButtons();
    setupFilter();
    setupTryIt();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
