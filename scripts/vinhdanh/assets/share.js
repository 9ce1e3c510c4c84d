// vinhdanh: the share block of story and campaign pages (templates/_share.html).
// Nothing third-party is fetched: Facebook is a plain link; Zalo uses the phone's
// share sheet (Web Share API) or copies the link to paste into Zalo; the copy
// buttons use the Clipboard API with a textarea + execCommand fallback.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".vd-share[data-url]");
  if (!boxes.length) return;

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0";
      document.body.appendChild(area);
      area.select();
      area.setSelectionRange(0, text.length);
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy failed"));
    });
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function phone() {
    if (navigator.userAgentData && typeof navigator.userAgentData.mobile === "boolean") return navigator.userAgentData.mobile;
    return window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  }

  boxes.forEach(function (box) {
    var url = box.dataset.url, title = box.dataset.title || document.title;
    var actions = box.querySelector("[data-vd-text]");
    var text = actions ? actions.dataset.vdText : title + "\n\n" + url;
    var summary = actions ? actions.dataset.vdSummary || "" : "";
    var status = box.querySelector(".vd-share__status");
    box.querySelectorAll("[data-vd-needs-js]").forEach(function (el) { el.hidden = false; });

    function say(message) {
      if (!status) return;
      status.textContent = "";  // a repeated message is announced again
      window.setTimeout(function () { status.textContent = message; }, 30);
    }
    function copied(what, message) {
      return copy(what).then(function () { say(message); }, function () {
        say("Không sao chép được. Hãy chọn và sao chép thủ công: " + what);
      });
    }

    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-vd-share]");
      if (!button || !box.contains(button)) return;
      var action = button.dataset.vdShare;
      if (action === "link") {
        copied(url, "Đã sao chép liên kết.");
      } else if (action === "text") {
        copied(text, "Đã sao chép nội dung. Dán vào Zalo, Facebook hoặc nhóm của đơn vị để đăng lại.");
      } else if (action === "zalo") {
        if (navigator.share && phone()) {
          navigator.share({ title: title, text: summary, url: url }).catch(function (err) {
            if (!err || err.name !== "AbortError") copied(url, "Đã sao chép liên kết. Mở Zalo và dán vào cuộc trò chuyện hoặc Nhật ký để chia sẻ.");
          });
        } else {
          copied(url, "Đã sao chép liên kết. Mở Zalo và dán vào cuộc trò chuyện hoặc Nhật ký để chia sẻ.");
        }
      }
    });
  });
})();
