// agentmc-gen docs site: copy buttons on code blocks and the operation
// filter of the index page. Works from a web server and from file://.
(function () {
  "use strict";

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

  function init() {
    addCopyButtons();
    setupFilter();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
