/* vinhdanh's editor: Vietnamese strings over Decap's bundled `vi`, the section's
   CSS in the preview, a story preview shaped like the published page. */
(function () {
  'use strict';
  var CMS = window.CMS;

  function merge(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });
    Object.keys(extra).forEach(function (k) {
      var v = extra[k];
      out[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge(out[k], v) : v;
    });
    return out;
  }

  var vi = merge(CMS.getLocale('vi'), window.VINHDANH_VI);
  if (location.hostname === '127.0.0.1') {
    // `vinhdanh edit` saves into content/ at once; only `status: published` puts a story online.
    vi = merge(vi, window.VINHDANH_VI_LOCAL);
  }
  CMS.registerLocale('vi', vi);
  CMS.registerPreviewStyle('vinhdanh.css');

  var h = window.h;
  var kinds = { individual: 'Cá nhân', collective: 'Tập thể' };

  // The date box shows dates in the browser's own language (06/12/2025 in an English
  // browser is 12 June); the preview says them the Vietnamese way, day first.
  function viDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : '';
  }

  function text(entry, key) {
    var value = entry.getIn(['data', key]);
    return value == null ? '' : String(value);
  }

  var StoryPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var photo = text(entry, 'photo');
      var asset = photo ? this.props.getAsset(photo) : null;
      var awards = entry.getIn(['data', 'awards']);
      return h('article', { className: 'vd-story' },
        h('h1', {}, text(entry, 'title')),
        h('div', { className: 'vd-person' },
          h('p', { className: 'vd-person__name' }, text(entry, 'name')),
          h('p', { className: 'vd-person__meta' }, [text(entry, 'position'), kinds[text(entry, 'kind')] || ''].filter(Boolean).join(' · ')),
          h('p', { className: 'vd-dates' }, [
            viDate(text(entry, 'date')) && 'Đăng ngày ' + viDate(text(entry, 'date')),
            viDate(text(entry, 'updated')) && 'Cập nhật ' + viDate(text(entry, 'updated')),
          ].filter(Boolean).join(' · '))),
        asset ? h('figure', { className: 'vd-lead-photo' }, h('img', { src: asset.toString(), alt: text(entry, 'photo_alt') })) : null,
        h('p', { className: 'vd-summary' }, h('strong', {}, text(entry, 'summary'))),
        h('div', { className: 'vd-body' }, this.props.widgetFor('body')),
        awards && awards.size ? h('section', { className: 'vd-awards' },
          h('h2', {}, 'Thành tích'),
          h('dl', {}, awards.map(function (a, i) {
            return h('dd', { key: i }, [a.get('year'), a.get('title'), a.get('decision')].filter(Boolean).join(' · '));
          }).toArray())) : null);
    }
  });
  CMS.registerPreviewTemplate('exemplars', StoryPreview);

  // Decap appends "(không bắt buộc)" to every key it does not require; a key required
  // only sometimes ("Mô tả ảnh (bắt buộc khi có ảnh)") must not say both.
  new MutationObserver(function () {
    document.querySelectorAll('label > span').forEach(function (span) {
      var label = span.parentNode;
      if (span.style.display !== 'none' && /\(bắt buộc /.test(label.textContent.replace(span.textContent, ''))) {
        span.style.display = 'none';
      }
    });
    // Decap prefixes a backend's message with its error class name.
    document.querySelectorAll('.Toastify__toast-body div, .Toastify__toast-body').forEach(function (node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3 && child.nodeValue.indexOf('API_ERROR: ') === 0) {
          child.nodeValue = child.nodeValue.slice('API_ERROR: '.length);
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });

  // A refused save: Decap's toast fades after a few seconds, so the validator's
  // diagnostics also stay in a panel until the next save succeeds or the author closes it.
  var panel = null;
  function showRefusal(diagnostics) {
    if (!panel) {
      panel = document.createElement('section');
      panel.className = 'vd-refusal';
      panel.setAttribute('role', 'alert');
      document.body.appendChild(panel);
    }
    panel.innerHTML = '';
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'vd-refusal__close';
    close.textContent = 'Đóng';
    close.onclick = hideRefusal;
    var title = document.createElement('h2');
    title.textContent = 'Bài chưa được lưu: có ' + diagnostics.length + ' lỗi cần sửa';
    var note = document.createElement('p');
    note.textContent = 'Nội dung đang soạn vẫn còn nguyên. Sửa các ô dưới đây rồi bấm Lưu lại.';
    var list = document.createElement('ul');
    diagnostics.forEach(function (d) {
      var item = document.createElement('li');
      var where = document.createElement('code');
      where.textContent = d.path + (d.line ? ':' + d.line : '') + ' ' + d.code + (d.field ? ' [' + d.field + ']' : '');
      var message = document.createElement('p');
      message.textContent = d.message;
      item.appendChild(where);
      item.appendChild(message);
      if (d.hint) {
        var hint = document.createElement('p');
        hint.className = 'vd-refusal__hint';
        hint.textContent = 'Gợi ý: ' + d.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    panel.append(close, title, note, list);
    panel.hidden = false;
  }
  function hideRefusal() {
    if (panel) panel.hidden = true;
  }
  var fetch = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var body = init && typeof init.body === 'string' ? init.body : '';
    var saving = /"action":"(persistEntry|persistMedia|deleteFiles?)"/.test(body);
    return fetch(resource, init).then(function (response) {
      if (saving) {
        if (response.ok) {
          hideRefusal();
        } else {
          response.clone().json().then(function (json) {
            if (json && json.diagnostics) showRefusal(json.diagnostics);
          }, function () {});
        }
      }
      return response;
    });
  };

  CMS.init();
})();
