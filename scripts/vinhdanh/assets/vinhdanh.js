// vinhdanh: search page (Pagefind, loaded only on the search page), print button and click-to-load video.
(function () {
  "use strict";
  var PAGE = 10;
  var form = document.querySelector("form.vd-search");
  if (form) search(form);
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

  // The index holds every word folded like text.fold (no tones, đ → d): fold the query
  // the same way, so "dieu duong" and "điều dưỡng" find the same stories.
  function fold(text) {
    return text.replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
  }

  // Where a result leads: a unit's own page (http(s) only), else the page here. With
  // baseUrl "/", Pagefind's url is the page's root-relative address, base path included.
  function target(d) {
    var url = d.meta.url || "";
    return /^https?:\/\//i.test(url) ? url : d.url;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // One result: thumbnail (fixed size, so nothing moves when it loads), title, who,
  // unit and date (two stories with one title read apart), and the summary.
  function row(d) {
    var m = d.meta, li = el("li", "vd-hit"), thumb;
    if (m.image && /^\/(?!\/)/.test(m.image)) { // our own images only: no request to another host
      thumb = el("img", "vd-hit__img");
      thumb.src = m.image; thumb.alt = ""; thumb.width = 64; thumb.height = 64;
      thumb.loading = "lazy"; thumb.decoding = "async";
      if (/^\d{1,3}% \d{1,3}%$/.test(m.focus || "")) thumb.style.objectPosition = m.focus;
    } else {
      thumb = el("span", "vd-hit__img vd-hit__img--none", (m.name || m.title || "?").charAt(0));
      thumb.setAttribute("aria-hidden", "true");
    }
    var text = el("div", "vd-hit__text"), a = el("a", "vd-hit__title", m.title || d.url);
    a.href = target(d);
    var where = el("p", "vd-hit__where"), time = el("time", "", m.date);
    time.dateTime = m.iso || "";
    where.appendChild(time); // first: a long unit name is cut, never the date
    where.appendChild(document.createTextNode(" · "));
    where.appendChild(el("span", "vd-hit__unit", m.unit));
    text.appendChild(a);
    // A story's row names its person; a model's or initiative's says what it is first.
    text.appendChild(el("p", "vd-hit__who", [m.kind, m.name, m.position].filter(Boolean).join(", ")));
    text.appendChild(where);
    text.appendChild(el("p", "vd-hit__summary", m.summary));
    li.appendChild(thumb);
    li.appendChild(text);
    return li;
  }

  function search(form) {
    var input = form.querySelector("input"), status = document.getElementById("vd-search-status"),
        list = document.getElementById("vd-search-results"), more = document.getElementById("vd-search-more"),
        loaded = null, latest = 0;
    var pagefind = function () {
      loaded = loaded || import(form.dataset.pagefind).then(function (pf) {
        return pf.options({ baseUrl: "/" }).then(function () { return pf; });
      });
      return loaded;
    };
    var run = function (query) {
      var mine = ++latest; // a slower earlier search never overwrites a later one
      more.classList.add("vd-search-more--off");
      if (!query) { list.innerHTML = ""; list.classList.remove("vd-results--wait"); status.textContent = ""; return; }
      list.classList.add("vd-results--wait"); // a page of rows' room, kept: the footer never jumps
      status.textContent = "Đang tìm…";
      pagefind()
        .then(function (pf) { return pf.search(fold(query)); })
        .then(function (res) {
          if (mine !== latest) return;
          // Each shown result fetches its own small fragment: ten at a time, more on request.
          var shown = 0, total = res.results.length;
          var page = function () {
            var batch = res.results.slice(shown, shown + PAGE);
            return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
              if (mine !== latest) return;
              if (!shown) list.innerHTML = "";
              items.forEach(function (d) { list.appendChild(row(d)); });
              shown += items.length;
              more.classList.toggle("vd-search-more--off", shown >= total);
            });
          };
          more.onclick = function () { page(); };
          return page().then(function () {
            if (mine !== latest) return;
            status.textContent = total ? "Tìm thấy " + total + " kết quả cho “" + query + "”." : "Không tìm thấy kết quả cho “" + query + "”.";
          });
        })
        .catch(function () { if (mine === latest) status.textContent = "Không tải được chỉ mục tìm kiếm."; });
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
})();
