// vinhdanh: search page (Pagefind, loaded only on the search page), print button and click-to-load video.
(function () {
  "use strict";
  var PAGE = 10;
  var form = document.querySelector("form.vd-search");
  if (form) {
    var input = form.querySelector("input"), status = document.getElementById("vd-search-status"),
        list = document.getElementById("vd-search-results"), pagefind = null;
    var run = function (query) {
      if (!query) { list.innerHTML = ""; status.textContent = ""; return; }
      status.textContent = "Đang tìm…";
      (pagefind ? Promise.resolve(pagefind) : import(form.dataset.pagefind).then(function (pf) { pagefind = pf; return pf; }))
        .then(function (pf) { return pf.search(query); })
        .then(function (res) {
          // Each shown result fetches its own small fragment: ten at a time, more on request.
          list.innerHTML = "";
          var shown = 0, total = res.results.length;
          var more = document.getElementById("vd-search-more");
          var page = function () {
            var batch = res.results.slice(shown, shown + PAGE);
            return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
              items.forEach(function (d) {
                var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
                a.href = d.url; a.textContent = d.meta.title || d.url;
                p.textContent = d.meta.summary || "";
                li.appendChild(a); li.appendChild(p); list.appendChild(li);
              });
              shown += items.length;
              more.hidden = shown >= total;
            });
          };
          more.onclick = function () { page(); };
          return page().then(function () {
            status.textContent = total ? "Tìm thấy " + total + " kết quả cho “" + query + "”." : "Không tìm thấy kết quả cho “" + query + "”.";
          });
        })
        .catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
    };
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = input.value.trim();
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
      run(q);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
  }
  // "In bài": the print stylesheet does the work; the button only opens the dialog.
  document.querySelectorAll("[data-vd-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // YouTube: nothing is fetched from YouTube until the reader clicks.
  document.querySelectorAll(".vd-video[data-video]").forEach(function (box) {
    var link = box.querySelector("a");
    var m = box.dataset.video.match(/(?:v=|youtu\.be\/|embed\/|shorts\/)([A-Za-z0-9_-]{6,})/);
    if (!link || !m) return;
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = "https://www.youtube-nocookie.com/embed/" + m[1] + "?autoplay=1";
      frame.title = link.textContent.replace("▶", "").trim();
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      frame.style.cssText = "width:100%;aspect-ratio:16/9;border:0";
      box.replaceChildren(frame);
    });
  });
})();
