// Only under `mkdocs serve` (engine/serving.py): reload the open page when the
// section was built again. The version file lives on the same server, beside this script.
(function () {
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var url = new URL("serve-version.txt", script.src).href;
  var seen = null;
  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (text && seen && text !== seen) { location.reload(); return; }
        if (text) seen = text;
        setTimeout(poll, 100);  // a local file: cheap, and the page shows the save sooner
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
