// ezz console: follows a running job's progress through server-sent events
// and reloads the page when it ends. The page works without it (it then
// refreshes itself every two seconds).
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || !box.dataset.events || !window.EventSource) { return; }
  var set = function (id, v) {
    var el = document.getElementById(id);
    if (el) { el.textContent = v; }
  };
  var es = new EventSource(box.dataset.events);
  es.addEventListener("progress", function (e) {
    var p = JSON.parse(e.data);
    set("p-rows", p.rows);
    set("p-total", p.total || "?");
    set("p-issued", p.issued);
    set("p-rejected", p.rejected);
    set("p-rate", p.rate.toFixed(1));
    set("p-eta", p.eta_seconds < 0 ? "—" : p.eta_seconds + " s");
    var bar = document.getElementById("p-bar");
    if (bar) { bar.value = p.percent; }
  });
  es.addEventListener("done", function () {
    es.close();
    window.location.reload();
  });
})();
