// agentmc-gen serve: reload the page when the site is regenerated.
// Served only by `agentmc-gen serve`, never written with the static site.
(function () {
  "use strict";
  // The version of the site this page was served from; the server sends
  // its current version on connect and after every regeneration.
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  function connect() {
    if (!window.EventSource) { return; }
    var es = new EventSource("/_agentmc-gen/events");
    es.addEventListener("version", function (e) {
      if (version === null) { version = e.data; return; }
      if (e.data !== version) { es.close(); location.reload(); }
    });
    es.onerror = function () {
      // The server restarted or went away: try again shortly.
      es.close();
      setTimeout(connect, 1000);
    };
  }
  connect();
})();
