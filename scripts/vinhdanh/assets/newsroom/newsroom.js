/* Phòng tin bài: the newsroom's page. No framework, no request to another host.
 *
 * Everything shown is built with the DOM (textContent, never innerHTML from data).
 * The forms come from /api/forms (derived from schema.py on the server); the server
 * decides what a role may do and says so in `actions`; this page only shows it.
 * What is typed is kept in localStorage as it is typed, so a dropped network, a
 * refused save or a reload never loses it; a successful save forgets it.
 */
(function () {
  'use strict';

  var STATUS = { draft: 'Nháp', candidate: 'Tin mới gửi', review: 'Chờ duyệt', published: 'Đã đăng', scheduled: 'Hẹn ngày đăng', withdrawn: 'Đã gỡ' };
  var ACTION = { save: 'Lưu', submit: 'Gửi duyệt', approve: 'Duyệt đăng', 'return': 'Trả lại', withdraw: 'Gỡ bài' };
  var DONE = { save: 'Đã lưu.', submit: 'Đã gửi duyệt.', approve: 'Đã duyệt đăng.', 'return': 'Đã trả lại cho người viết.', withdraw: 'Đã gỡ bài.' };
  var PHOTO_TYPES = { heic: 'image/heic', heif: 'image/heif', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
  var DRAFT_PREFIX = 'vd-newsroom-draft:';
  var me = null;
  var forms = null;
  var main = document.getElementById('main');
  var uid = 0;
  var flash = null;  // a message for the page the next route shows (a save's outcome)

  // -- small helpers --------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function nextId(prefix) { uid += 1; return prefix + '-' + uid; }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function banner(text, kind, extra) {
    var box = document.getElementById('banner');
    clear(box);
    box.className = 'banner' + (kind ? ' banner--' + kind : '');
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    if (!text) { box.hidden = true; return; }
    box.appendChild(el('p', { text: text }));
    (extra || []).forEach(function (node) { box.appendChild(node); });
    box.hidden = false;
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ' ngày ' + pad(d.getDate()) + '/' + pad(d.getMonth() + 1) + '/' + d.getFullYear();
  }

  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : (iso || '');
  }

  // -- the API --------------------------------------------------------------------------

  function api(method, url, body, type) {
    var headers = {};
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = me ? me.csrf : '';
      headers['Content-Type'] = type || 'application/json';
    }
    var payload = body === undefined ? undefined : (type ? body : JSON.stringify(body));
    return fetch(url, { method: method, headers: headers, body: payload, credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      return response.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { message: text }; }
        return { status: response.status, data: data };
      });
    }, function () {
      return { status: 0, data: { message: 'Không kết nối được máy chủ.' } };
    });
  }

  // -- routing --------------------------------------------------------------------------

  function route() {
    if (flash) { banner.apply(null, flash); flash = null; } else banner('');
    if (!me) return showLogin();
    var hash = location.hash.replace(/^#\/?/, '');
    var query = {};
    var parts = hash.split('?');
    (parts[1] || '').split('&').forEach(function (pair) {
      var kv = pair.split('=');
      if (kv[0]) query[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || '');
    });
    var page = parts[0];
    if (page === 'new' && query.kind) return loadForms().then(function () { showForm(query.kind, null); }, function (error) { banner(error.message, 'error'); });
    if (page === 'edit' && query.path) return openItem(query.path);
    return showList(query.status || (me.role === 'reviewer' ? 'review' : 'mine'));
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function title(text) {
    document.title = text + ' – Phòng tin bài';
  }

  function focusMain() { main.focus({ preventScroll: false }); }

  // -- login ----------------------------------------------------------------------------

  function showLogin() {
    title('Đăng nhập');
    document.getElementById('user').hidden = true;
    clear(main);
    var user = el('input', { id: 'login-user', name: 'user', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true });
    var password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    var message = el('p', { class: 'error', id: 'login-error', role: 'alert', hidden: true });
    var button = el('button', { type: 'submit', class: 'primary', text: 'Đăng nhập' });
    var form = el('form', { class: 'card login', novalidate: true }, [
      el('h1', { text: 'Đăng nhập' }),
      el('p', { class: 'lead', text: 'Gửi tin người tốt việc tốt, viết và duyệt bài gương điển hình của bệnh viện.' }),
      el('div', { class: 'field' }, [el('label', { for: 'login-user', text: 'Tên đăng nhập' }), user]),
      el('div', { class: 'field' }, [el('label', { for: 'login-password', text: 'Mật khẩu' }), password]),
      message,
      button,
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!user.value.trim() || !password.value) {
        message.textContent = 'Nhập tên đăng nhập và mật khẩu.';
        message.hidden = false;
        return;
      }
      button.disabled = true;
      api('POST', '/api/login', { user: user.value, password: password.value }).then(function (answer) {
        button.disabled = false;
        if (answer.status === 200) {
          me = answer.data;
          password.value = '';
          signedIn();
          route();
          return;
        }
        message.textContent = answer.data.message || 'Không đăng nhập được.';
        message.hidden = false;
        password.select();
      });
    });
    main.appendChild(form);
    user.focus();
  }

  function signedIn() {
    document.getElementById('user-name').textContent = me.name + ' · ' + ({ contributor: 'Người gửi tin', author: 'Biên tập viên', reviewer: 'Người duyệt' }[me.role] || me.role);
    document.getElementById('user').hidden = false;
    forms = null;
  }

  // A phone may be shared: signing out removes every draft kept on it, after asking
  // when there is one, so the next person neither sees it nor is offered it back.
  function logout() {
    var kept = draftKeys();
    if (kept.length && !window.confirm('Trên máy này còn bản đang soạn chưa lưu lên máy chủ. Đăng xuất sẽ xóa bản đó khỏi máy để người dùng sau không thấy. Vẫn đăng xuất?')) return;
    api('POST', '/api/logout', {}).then(function (answer) {
      if (answer.status !== 200 && answer.status !== 401) {
        banner(answer.status === 0 ? 'Mất kết nối: chưa đăng xuất được. Thử lại khi có mạng.' : (answer.data.message || 'Chưa đăng xuất được.'), 'error');
        return;  // still signed in on the server: never pretend otherwise on a shared phone
      }
      draftKeys().forEach(function (key) { try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ } });
      me = null;
      forms = null;
      location.hash = '#/';
      showLogin();
    });
  }

  function draftKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i += 1) {
        if ((localStorage.key(i) || '').indexOf(DRAFT_PREFIX) === 0) keys.push(localStorage.key(i));
      }
    } catch (e) { /* storage refused: nothing kept */ }
    return keys;
  }

  // -- lists ----------------------------------------------------------------------------

  function tabsFor(role) {
    if (role === 'contributor') return [['mine', 'Tin của tôi']];
    var tabs = [['mine', 'Của tôi'], ['review', 'Chờ duyệt'], ['candidate', 'Tin mới gửi'], ['draft', 'Nháp'], ['published', 'Đã đăng'], ['all', 'Tất cả']];
    return role === 'reviewer' ? [tabs[1]].concat(tabs.slice(0, 1), tabs.slice(2)) : tabs;
  }

  function newButtons() {
    var kinds = me.role === 'contributor' ? [['gooddeed', 'Gửi việc tốt']] : [['exemplar', 'Viết bài mới'], ['campaign', 'Phong trào mới'], ['gooddeed', 'Gửi việc tốt']];
    return el('div', { class: 'actions actions--start' }, kinds.map(function (k, i) {
      return el('a', { class: 'button' + (i === 0 ? ' primary' : ''), href: '#/new?kind=' + k[0], text: k[1] });
    }));
  }

  function showList(status) {
    clear(main);
    var tabs = tabsFor(me.role);
    var current = tabs.filter(function (t) { return t[0] === status; })[0] || tabs[0];
    title(current[1]);
    var nav = el('nav', { class: 'tabs', 'aria-label': 'Danh sách' }, tabs.map(function (t) {
      return el('a', { href: '#/list?status=' + t[0], text: t[1], 'aria-current': t[0] === current[0] ? 'page' : null });
    }));
    var list = el('ul', { class: 'items', 'aria-busy': 'true' });
    main.appendChild(el('h1', { text: me.role === 'contributor' ? 'Tin người tốt việc tốt' : 'Bài viết' }));
    main.appendChild(newButtons());
    if (tabs.length > 1) main.appendChild(nav);
    main.appendChild(el('h2', { class: 'list-title', text: current[1] }));
    main.appendChild(list);
    var query = current[0] === 'all' ? '' : '?status=' + encodeURIComponent(current[0]);
    api('GET', '/api/items' + query).then(function (answer) {
      list.removeAttribute('aria-busy');
      if (answer.status === 401) { me = null; return showLogin(); }
      if (answer.status !== 200) { list.appendChild(el('li', { class: 'empty', text: answer.data.message || 'Không tải được danh sách.' })); return; }
      if (!answer.data.length) {
        var empty = current[0] === 'review' ? 'Không có bài nào chờ duyệt.' : (me.role === 'contributor' ? 'Bạn chưa gửi tin nào. Bấm «Gửi việc tốt» để gửi tin đầu tiên.' : 'Không có bài nào.');
        list.appendChild(el('li', { class: 'empty', text: empty }));
        return;
      }
      answer.data.forEach(function (item) { list.appendChild(itemRow(item)); });
    });
  }

  function itemRow(item) {
    var who = [item.name, item.unit].filter(Boolean).join(' · ');
    var changed = item.updated ? 'Sửa lần cuối ' + when(item.updated) + (item.updated_by ? ' bởi ' + item.updated_by : '') : 'Ngày ' + day(item.date);
    return el('li', { class: 'item' }, [
      el('a', { href: '#/edit?path=' + encodeURIComponent(item.path) }, [
        el('span', { class: 'item__title', text: item.title || item.name || item.path }),
        who ? el('span', { class: 'item__who', text: who }) : null,
        el('span', { class: 'item__meta' }, [
          el('span', { class: 'status status--' + item.status, text: item.status_label || STATUS[item.status] || item.status }),
          ' ',
          el('span', { text: changed }),
        ]),
      ]),
    ]);
  }

  // -- one item ---------------------------------------------------------------------------

  function loadForms() {
    if (forms) return Promise.resolve(forms);
    return api('GET', '/api/forms').then(function (answer) {
      if (answer.status !== 200) throw new Error(answer.data.message || 'Không tải được biểu mẫu.');
      forms = answer.data;
      return forms;
    });
  }

  function openItem(path) {
    clear(main);
    main.appendChild(el('p', { class: 'loading', text: 'Đang mở bài…' }));
    Promise.all([loadForms(), api('GET', '/api/item?path=' + encodeURIComponent(path))]).then(function (results) {
      var answer = results[1];
      if (answer.status === 401) { me = null; return showLogin(); }
      if (answer.status !== 200) {
        clear(main);
        main.appendChild(el('p', { class: 'notice', text: answer.data.message || 'Không mở được bài này.' }));
        return;
      }
      showForm(answer.data.kind, answer.data);
    }, function (error) { banner(error.message, 'error'); });
  }

  function showForm(kind, item, draft) {
    var spec = forms && forms[kind];
    clear(main);
    if (!spec) {
      main.appendChild(el('p', { class: 'notice', text: 'Bạn không được tạo hoặc sửa loại bài này.' }));
      return;
    }
    var values = draft ? draft.values : (item ? item.values : (kind === 'gooddeed' ? { submitted_by: me.name } : {}));
    var heading = item ? (values.title || values.name || 'Bài viết') : (kind === 'gooddeed' ? 'Gửi tin người tốt việc tốt' : 'Mới: ' + spec.label);
    title(heading);
    // A restored draft keeps the version it was typed against: a change made since is still refused (409).
    var state = { kind: kind, item: item, path: item ? item.path : null, version: draft ? draft.version : (item ? item.version : null), values: values, key: DRAFT_PREFIX + me.user + ':' + (item ? item.path : 'new:' + kind) };
    var form = el('form', { class: 'story', novalidate: true });
    state.form = form;
    main.appendChild(el('p', { class: 'back' }, [el('a', { href: '#/', text: '← Danh sách' })]));
    main.appendChild(el('h1', { text: heading }));
    if (item && item.path) main.appendChild(itemFacts(kind, item, spec));
    if (item && item.comments && item.comments.length) main.appendChild(commentsBox(item.comments));
    // No «Lưu» (a published story, a deed already taken up): the server's words say why, above the form.
    if (item && item.notice) main.appendChild(el('p', { class: 'notice notice--locked', text: item.notice }));
    if (kind === 'gooddeed' && !item) main.appendChild(el('p', { class: 'lead', text: 'Bạn thấy một đồng nghiệp làm việc tốt? Kể lại ngắn gọn, kèm một tấm ảnh nếu có. Phòng tin bài sẽ viết thành bài.' }));
    state.summary = el('div', { class: 'error-summary', id: 'error-summary', tabindex: '-1', role: 'alert', hidden: true });
    form.appendChild(state.summary);
    spec.fields.forEach(function (field) { form.appendChild(renderField(field, values[field.name], state, [field.name])); });
    form.appendChild(actionBar(state));
    if (item && item.notice) lockForm(form);
    form.addEventListener('input', function () { keepDraft(state); });
    form.addEventListener('change', function () { keepDraft(state); });
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    main.appendChild(form);
    if (!draft) offerDraft(state);
  }

  function itemFacts(kind, item, spec) {
    var facts = el('p', { class: 'facts' });
    facts.appendChild(el('span', { text: spec.label }));
    if (item && item.path) {
      facts.appendChild(document.createTextNode(' · '));
      facts.appendChild(el('span', { class: 'status status--' + item.status, text: STATUS[item.status] || item.status || '' }));
      facts.appendChild(document.createTextNode(' '));
      facts.appendChild(el('a', { href: '/preview?path=' + encodeURIComponent(item.path), target: '_blank', rel: 'noopener', text: 'Xem trước' }));
      if (item.page_url) {
        facts.appendChild(document.createTextNode(' '));
        facts.appendChild(el('a', { href: item.page_url, target: '_blank', rel: 'noopener', text: 'Trang đã đăng' }));
      }
    }
    return facts;
  }

  function commentsBox(comments) {
    return el('section', { class: 'comments', 'aria-labelledby': 'comments-title' }, [
      el('h2', { id: 'comments-title', text: 'Ý kiến của người duyệt' }),
      el('ul', {}, comments.map(function (c) {
        return el('li', {}, [el('p', { class: 'comments__by', text: c.by + ', ' + when(c.at) }), el('p', { text: c.text })]);
      })),
    ]);
  }

  // -- fields -----------------------------------------------------------------------------

  function renderField(field, value, state, path) {
    var id = nextId('f-' + path.join('-'));
    var box = el('div', { class: 'field field--' + field.type, 'data-field': path.join('.') });
    var helpId = field.help ? id + '-help' : null;
    var label = labelText(field);
    var control;
    if (field.type === 'records') return recordsField(field, value, state, path, box, helpId);
    if (field.type === 'group') return groupField(field, value, state, path, box, helpId);
    if (field.type === 'refs' || (field.type === 'choice' && field.choices.length <= 4) || field.type === 'bool' || field.type === 'consent') {
      return choiceField(field, value, state, path, box, helpId, id);
    }
    box.appendChild(el('label', { for: id }, label));
    if (helpId) box.appendChild(el('p', { class: 'help', id: helpId, text: field.help }));
    control = inputFor(field, value, id, state, path);
    if (helpId) control.setAttribute('aria-describedby', helpId);
    if (field.required) control.setAttribute('aria-required', 'true');
    box.appendChild(control);
    if (field.type === 'image') box.appendChild(photoPicker(field, control, state, id));
    return box;
  }

  function labelText(field) {
    var parts = [field.label];
    if (field.required) parts.push(el('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }), el('span', { class: 'visually-hidden', text: ' (bắt buộc)' }));
    else if (field.required_when) parts.push(el('span', { class: 'when', text: ' (bắt buộc ' + field.required_when + ')' }));
    return parts;
  }

  function inputFor(field, value, id, state, path) {
    var name = path.join('.');
    var text = value === null || value === undefined ? '' : value;
    if (field.type === 'markdown' || field.type === 'longtext') {
      return el('textarea', { id: id, name: name, rows: field.type === 'markdown' ? 14 : (field.name === 'body' ? 8 : 4), maxlength: field.max_len, 'data-type': 'text', text: String(text) });
    }
    if (field.type === 'list') {
      return el('textarea', { id: id, name: name, rows: 3, 'data-type': 'list', text: (Array.isArray(text) ? text : [text]).filter(Boolean).join('\n') });
    }
    if (field.type === 'choice' || field.type === 'ref') {
      var select = el('select', { id: id, name: name, 'data-type': 'text' }, [el('option', { value: '', text: '— Chọn —' })]);
      field.choices.forEach(function (c) { select.appendChild(el('option', { value: c[0], text: c[1], selected: c[0] === text || c[1] === text })); });
      if (text && !field.choices.some(function (c) { return c[0] === text || c[1] === text; })) select.appendChild(el('option', { value: text, text: text, selected: true }));
      if (!text && field.required && field.name === 'kind') select.value = field.choices[0][0];
      return select;
    }
    var attrs = { id: id, name: name, type: 'text', value: String(text), maxlength: field.max_len, 'data-type': field.type === 'int' ? 'int' : 'text' };
    if (field.type === 'date') attrs.type = 'date';
    if (field.type === 'int') { attrs.inputmode = 'numeric'; attrs.pattern = '[0-9]*'; }
    if (field.type === 'url') { attrs.type = 'url'; attrs.inputmode = 'url'; }
    if (field.type === 'month') attrs.placeholder = 'năm-tháng, ví dụ 2026-11';
    if (field.type === 'period') attrs.placeholder = 'ví dụ 2026-2030';
    if (field.type === 'focus') { attrs.inputmode = 'decimal'; attrs.placeholder = 'ví dụ 0.5, 0.3'; }
    if (field.name === 'name' || field.name === 'submitted_by') attrs.autocomplete = field.name === 'submitted_by' ? 'name' : 'off';
    if (field.type === 'image') { attrs.type = 'hidden'; attrs['data-type'] = 'text'; }
    return el('input', attrs);
  }

  function choiceField(field, value, state, path, box, helpId, id) {
    var name = path.join('.');
    var fieldset = el('fieldset', { class: 'choices', 'aria-describedby': helpId });
    fieldset.appendChild(el('legend', {}, labelText(field)));
    if (helpId) fieldset.appendChild(el('p', { class: 'help', id: helpId, text: field.help }));
    if (field.type === 'bool' || field.type === 'consent') {
      var checked = value === true || value === 'true' || (field.type === 'consent' && typeof value === 'string' && value.trim() !== '' && value !== 'false');
      var checkboxLabel = field.type === 'consent' ? (state.kind === 'gooddeed' ? 'Đã đồng ý' : 'Đã có sự đồng ý bằng văn bản') : 'Có';
      fieldset.appendChild(el('label', { class: 'check' }, [el('input', { type: 'checkbox', id: id, name: name, 'data-type': 'bool', checked: checked }), ' ' + checkboxLabel]));
      if (field.type === 'consent' && state.kind !== 'gooddeed') {
        var docId = id + '-doc';
        var doc = typeof value === 'string' && value !== 'true' && value !== 'false' ? value : '';
        fieldset.appendChild(el('label', { for: docId, class: 'sub', text: 'Tên văn bản đồng ý (nếu có)' }));
        fieldset.appendChild(el('input', { type: 'text', id: docId, name: name + '#doc', 'data-type': 'text', value: doc, placeholder: 'ví dụ: Phiếu đồng ý ngày 12/3/2026' }));
      }
      box.appendChild(fieldset);
      return box;
    }
    var multiple = field.type === 'refs';
    // Only a required key of the story itself starts chosen: inside an optional group (proposal,
    // selected) a preselected part would make the group half-filled, and the save refused.
    var preset = field.required && path.length === 1 ? (field.choices[0] || [''])[0] : '';
    var chosen = multiple ? (Array.isArray(value) ? value : (value ? [value] : [])) : [value === undefined || value === null || value === '' ? preset : value];
    field.choices.forEach(function (c, i) {
      var optionId = id + '-' + i;
      fieldset.appendChild(el('label', { class: 'check', for: optionId }, [
        el('input', { type: multiple ? 'checkbox' : 'radio', id: optionId, name: name, value: c[0], 'data-type': multiple ? 'list-item' : 'text', checked: chosen.indexOf(c[0]) >= 0 || chosen.indexOf(c[1]) >= 0 }),
        ' ' + c[1],
      ]));
    });
    if (!multiple && !preset) {
      var noneId = id + '-none';
      fieldset.appendChild(el('label', { class: 'check', for: noneId }, [el('input', { type: 'radio', id: noneId, name: name, value: '', 'data-type': 'text', checked: !chosen[0] }), ' Không chọn']));
    }
    box.appendChild(fieldset);
    return box;
  }

  function recordsField(field, value, state, path, box, helpId) {
    var fieldset = el('fieldset', { class: 'records', 'aria-describedby': helpId });
    fieldset.appendChild(el('legend', {}, labelText(field)));
    if (helpId) fieldset.appendChild(el('p', { class: 'help', id: helpId, text: field.help }));
    var list = el('ol', { class: 'records__list', 'data-records': path.join('.') });
    var add = function (itemValue) {
      var index = list.children.length;
      var li = el('li', { class: 'record' });
      field.parts.forEach(function (part) { li.appendChild(renderField(part, (itemValue || {})[part.name], state, path.concat([String(index), part.name]))); });
      // Keys of an item the form does not know are carried along untouched.
      li.dataset.extra = JSON.stringify(extraKeys(itemValue, field.parts));
      li.appendChild(el('button', { type: 'button', class: 'link danger', text: 'Xóa mục này', onclick: function () { li.remove(); keepDraft(state); } }));
      list.appendChild(li);
      return li;
    };
    (Array.isArray(value) ? value : []).forEach(add);
    fieldset.appendChild(list);
    fieldset.appendChild(el('button', { type: 'button', class: 'secondary', text: 'Thêm: ' + field.label.toLowerCase(), onclick: function () {
      var li = add({});
      var first = li.querySelector('input, select, textarea');
      if (first) first.focus();
    } }));
    box.appendChild(fieldset);
    return box;
  }

  function groupField(field, value, state, path, box, helpId) {
    var fieldset = el('fieldset', { class: 'group', 'aria-describedby': helpId, 'data-group': path.join('.') });
    fieldset.appendChild(el('legend', {}, labelText(field)));
    if (helpId) fieldset.appendChild(el('p', { class: 'help', id: helpId, text: field.help }));
    field.parts.forEach(function (part) { fieldset.appendChild(renderField(part, (value || {})[part.name], state, path.concat([part.name]))); });
    fieldset.dataset.extra = JSON.stringify(extraKeys(value, field.parts));
    box.appendChild(fieldset);
    return box;
  }

  function extraKeys(value, parts) {
    var out = {};
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      Object.keys(value).forEach(function (key) { if (!parts.some(function (p) { return p.name === key; })) out[key] = value[key]; });
    }
    return out;
  }

  // -- the photo ---------------------------------------------------------------------------

  function photoPicker(field, hidden, state, id) {
    var preview = el('img', { class: 'photo__preview', alt: '', hidden: true });
    var status = el('p', { class: 'photo__status', role: 'status', 'aria-live': 'polite' });
    var camera = el('input', { type: 'file', accept: 'image/*,.heic,.heif', capture: 'environment', id: id + '-camera', class: 'visually-hidden' });
    var gallery = el('input', { type: 'file', accept: 'image/*,.heic,.heif', id: id + '-gallery', class: 'visually-hidden' });
    var remove = el('button', { type: 'button', class: 'link danger', text: 'Bỏ ảnh', hidden: !hidden.value });
    var show = function (url) {
      preview.hidden = !url;
      if (url) preview.src = url; else preview.removeAttribute('src');
      remove.hidden = !hidden.value;
    };
    if (hidden.value && state.path) show('/api/photo?path=' + encodeURIComponent(state.path.replace(/[^/]*$/, '') + hidden.value));
    var upload = function (input) {
      var file = input.files && input.files[0];
      if (!file) return;
      var ext = (file.name.split('.').pop() || '').toLowerCase();
      var type = PHOTO_TYPES[ext] || (/^image\/(jpeg|png|heic|heif)$/.test(file.type) ? file.type : '');
      if (!type) { status.textContent = 'Chỉ nhận ảnh JPEG, PNG hoặc HEIC.'; status.className = 'photo__status error'; return; }
      status.className = 'photo__status';
      status.textContent = 'Đang tải ảnh lên (' + Math.round(file.size / 1024) + ' KB)…';
      api('POST', '/api/photo?for=' + encodeURIComponent(state.path || 'new'), file, type).then(function (answer) {
        input.value = '';
        if (answer.status === 200) {
          hidden.value = answer.data.name;
          status.textContent = 'Đã tải ảnh lên; vị trí (GPS) trong ảnh đã được xóa. Ảnh được lưu cùng bài khi bạn bấm lưu.';
          show(answer.data.url);
          keepDraft(state);
        } else {
          status.className = 'photo__status error';
          status.textContent = answer.status === 0 ? 'Mất kết nối: chưa tải được ảnh. Thử lại khi có mạng.' : (answer.data.message || 'Không tải được ảnh.');
        }
      });
    };
    camera.addEventListener('change', function () { upload(camera); });
    gallery.addEventListener('change', function () { upload(gallery); });
    remove.addEventListener('click', function () { hidden.value = ''; show(''); status.textContent = 'Đã bỏ ảnh.'; keepDraft(state); });
    return el('div', { class: 'photo' }, [
      preview,
      el('div', { class: 'photo__buttons' }, [
        camera, el('label', { for: id + '-camera', class: 'button', text: 'Chụp ảnh' }),
        gallery, el('label', { for: id + '-gallery', class: 'button', text: 'Chọn ảnh có sẵn' }),
        remove,
      ]),
      status,
    ]);
  }

  // -- reading the form back -------------------------------------------------------------

  function collect(state) {
    var values = {};
    Object.keys(state.values || {}).forEach(function (key) { values[key] = state.values[key]; });  // keys this form does not show
    forms[state.kind].fields.forEach(function (field) {
      values[field.name] = readField(state.form, field, [field.name]);
      // An unticked consent is "not given yet" (left empty), unless the file said `false` already.
      if (field.type === 'consent' && values[field.name] === '' && state.values[field.name] === false) values[field.name] = false;
    });
    return values;
  }

  function readField(root, field, path) {
    var name = path.join('.');
    if (field.type === 'records') {
      var list = root.querySelector('[data-records="' + name + '"]');
      return Array.prototype.map.call(list ? list.children : [], function (li) {
        var index = li.querySelector('[data-field]').getAttribute('data-field').split('.').slice(-2)[0];
        var out = JSON.parse(li.dataset.extra || '{}');
        field.parts.forEach(function (part) { out[part.name] = readField(li, part, path.concat([index, part.name])); });
        return out;
      });
    }
    if (field.type === 'group') {
      var group = root.querySelector('[data-group="' + name + '"]');
      var out = JSON.parse((group && group.dataset.extra) || '{}');
      field.parts.forEach(function (part) { out[part.name] = readField(root, part, path.concat([part.name])); });
      return out;
    }
    var controls = root.querySelectorAll('[name="' + name + '"]');
    if (field.type === 'refs') return Array.prototype.filter.call(controls, function (c) { return c.checked; }).map(function (c) { return c.value; });
    if (field.type === 'bool') return controls[0] ? controls[0].checked : false;
    if (field.type === 'consent') {
      var doc = root.querySelector('[name="' + name + '#doc"]');
      if (doc && doc.value.trim()) return doc.value.trim();
      return controls[0] && controls[0].checked ? true : '';
    }
    if (controls.length > 1 || (controls[0] && controls[0].type === 'radio')) {
      var picked = Array.prototype.filter.call(controls, function (c) { return c.checked; })[0];
      return picked ? picked.value : '';
    }
    var control = controls[0];
    if (!control) return '';
    if (control.getAttribute('data-type') === 'list') return control.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
    if (control.getAttribute('data-type') === 'int') return /^\d+$/.test(control.value.trim()) ? parseInt(control.value, 10) : control.value.trim();
    return control.value;
  }

  // -- drafts on the phone ----------------------------------------------------------------

  function keepDraft(state) {
    try {
      localStorage.setItem(state.key, JSON.stringify({ at: new Date().toISOString(), version: state.version, values: collect(state) }));
    } catch (e) { /* storage full or refused: the form still works */ }
  }

  function forgetDraft(state) {
    try { localStorage.removeItem(state.key); } catch (e) { /* nothing kept */ }
  }

  function offerDraft(state) {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(state.key) || 'null'); } catch (e) { saved = null; }
    if (!saved || !saved.values) return;
    if (JSON.stringify(saved.values) === JSON.stringify(collect(state))) return;
    var restore = el('button', { type: 'button', class: 'primary', text: 'Khôi phục bản đang soạn' });
    var drop = el('button', { type: 'button', class: 'secondary', text: 'Bỏ bản đó' });
    restore.addEventListener('click', function () {
      showForm(state.kind, state.item, saved);
      banner('Đã khôi phục bản đang soạn lúc ' + when(saved.at) + '. Bấm lưu để gửi lên máy chủ.', 'ok');
    });
    drop.addEventListener('click', function () { forgetDraft(state); banner(''); });
    banner('Trên máy này còn một bản đang soạn dở lúc ' + when(saved.at) + ', chưa được lưu lên máy chủ.', 'warn', [el('div', { class: 'actions' }, [restore, drop])]);
  }

  // -- actions ------------------------------------------------------------------------------

  function actionsOf(state) {
    if (state.item && state.item.actions) return state.item.actions;
    return me.role === 'contributor' || state.kind === 'gooddeed' ? ['save'] : (state.kind === 'campaign' ? ['save'] : ['save', 'submit']);
  }

  function lockForm(form) {
    Array.prototype.forEach.call(form.querySelectorAll('input, select, textarea, button'), function (control) { control.disabled = true; });
    Array.prototype.forEach.call(form.querySelectorAll('.photo__buttons'), function (node) { node.hidden = true; });
  }

  function actionBar(state) {
    var bar = el('div', { class: 'actionbar' });
    var acts = actionsOf(state);
    bar.hidden = !acts.length;  // nothing to do: no bar taking the bottom of a phone's screen
    if (acts.indexOf('return') >= 0) {
      var commentId = nextId('comment');
      bar.appendChild(el('div', { class: 'field', 'data-field': 'comment' }, [
        el('label', { for: commentId, text: 'Ý kiến trả lại (người viết sẽ đọc)' }),
        el('textarea', { id: commentId, name: 'comment', rows: 2, 'data-type': 'text' }),
      ]));
    }
    var buttons = el('div', { class: 'actions' });
    acts.forEach(function (action, i) {
      var text = action === 'save' && state.kind === 'gooddeed' && !(state.item && state.item.path) ? 'Gửi tin' : ACTION[action];
      var cls = action === 'withdraw' || action === 'return' ? 'secondary' : (i === acts.length - 1 || action === 'approve' ? 'primary' : 'secondary');
      buttons.appendChild(el('button', { type: 'button', class: cls, 'data-action': action, text: text, onclick: function () { act(state, action); } }));
    });
    bar.appendChild(buttons);
    state.result = el('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
    bar.appendChild(state.result);
    return bar;
  }

  function missing(state) {
    var out = [];
    forms[state.kind].fields.forEach(function (field) {
      if (!field.required || field.type === 'records' || field.type === 'group') return;
      var value = readField(state.form, field, [field.name]);
      if (value === '' || value === null || (Array.isArray(value) && !value.length)) out.push({ field: field.name, label: field.label, message: 'Chưa điền.' });
    });
    return out;
  }

  function act(state, action) {
    clearErrors(state);
    keepDraft(state);
    var comment = state.form.querySelector('[name="comment"]');
    if (action === 'save' || action === 'submit') {
      var empty = missing(state);
      if (empty.length) { showErrors(state, empty); return; }
    }
    if (action === 'withdraw' && !window.confirm('Gỡ bài này khỏi trang web?')) return;
    var values = collect(state);
    var buttons = state.form.querySelectorAll('.actionbar button');
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    state.result.textContent = 'Đang lưu…';
    var request = { path: state.path, kind: state.kind, values: values, version: state.version, action: action, comment: comment ? comment.value : '' };
    api('POST', '/api/item', request).then(function (answer) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      state.result.textContent = '';
      handleAnswer(state, action, answer);
    });
  }

  function handleAnswer(state, action, answer) {
    var data = answer.data || {};
    if (answer.status === 200) {
      forgetDraft(state);
      var links = [];
      if (data.page_url) links.push(el('a', { href: data.page_url, target: '_blank', rel: 'noopener', text: 'Xem trang đã đăng' }));
      var done = (state.kind === 'gooddeed' && action === 'save' && !state.path) ? 'Đã gửi tin. Cảm ơn bạn! Phòng tin bài sẽ liên hệ nếu cần thêm thông tin.' : DONE[action];
      state.path = data.path;
      var key = DRAFT_PREFIX + me.user + ':' + data.path;
      try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
      flash = [done, 'ok', links];
      if (me.role === 'contributor' || action !== 'save') go('#/list?status=' + (me.role === 'reviewer' ? 'review' : 'mine'));
      else go('#/edit?path=' + encodeURIComponent(data.path));
      return;
    }
    if (answer.status === 422 && data.errors) { showErrors(state, data.errors); return; }
    if (answer.status === 409) {
      // The server's message says who, when and what to do; without one, say it here.
      banner(data.message || ('Bài đã được ' + (data.by || 'người khác') + ' sửa lúc ' + when(data.at) + ', sau khi bạn mở. Chưa lưu gì: phần bạn đang soạn vẫn còn trên màn hình.'), 'error');
      window.scrollTo(0, 0);
      return;
    }
    if (answer.status === 401) { banner('Phiên đăng nhập đã hết. Phần đang soạn được giữ trên máy này; đăng nhập lại rồi mở bài để khôi phục.', 'error'); me = null; showLogin(); return; }
    if (answer.status === 0) {
      banner('Mất kết nối mạng: chưa lưu được. Phần đang soạn được giữ trên máy này; bấm lại khi có mạng.', 'error');
      return;
    }
    banner(data.message || 'Không lưu được (mã ' + answer.status + ').', 'error');
    window.scrollTo(0, 0);
  }

  function clearErrors(state) {
    Array.prototype.forEach.call(state.form.querySelectorAll('.field-error'), function (node) { node.remove(); });
    Array.prototype.forEach.call(state.form.querySelectorAll('[aria-invalid]'), function (node) { node.removeAttribute('aria-invalid'); });
    clear(state.summary);
    state.summary.hidden = true;
  }

  function showErrors(state, errors) {
    clearErrors(state);
    state.summary.appendChild(el('h2', { text: 'Chưa lưu: có ' + errors.length + ' chỗ cần sửa' }));
    var list = el('ul');
    errors.forEach(function (error) {
      var box = error.field ? state.form.querySelector('[data-field="' + cssEscape(error.field) + '"]') : null;
      var text = (error.label ? error.label + ': ' : '') + error.message;
      if (box) {
        var id = nextId('err');
        box.appendChild(el('p', { class: 'field-error', id: id, text: text }));
        var control = box.querySelector('input:not([type=hidden]):not([type=file]), select, textarea');
        if (control) {
          control.setAttribute('aria-invalid', 'true');
          control.setAttribute('aria-describedby', ((control.getAttribute('aria-describedby') || '') + ' ' + id).trim());
        }
        if (!box.id) box.id = nextId('field');
        list.appendChild(el('li', {}, [el('a', { href: '#' + box.id, text: text, onclick: function (event) {
          event.preventDefault();
          box.scrollIntoView({ block: 'center' });
          var target = box.querySelector('input:not([type=hidden]), select, textarea');
          if (target) target.focus({ preventScroll: true });
        } })]));
      } else {
        list.appendChild(el('li', { text: text }));
      }
    });
    state.summary.appendChild(list);
    state.summary.appendChild(el('p', { text: 'Phần bạn đang soạn vẫn còn nguyên.' }));
    state.summary.hidden = false;
    state.summary.focus();
    state.summary.scrollIntoView({ block: 'start' });
  }

  function cssEscape(text) {
    return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/["\\]/g, '\\$&');
  }

  // -- start ------------------------------------------------------------------------------------

  document.getElementById('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  api('GET', '/api/me').then(function (answer) {
    var loading = document.getElementById('loading');
    if (loading) loading.remove();
    if (answer.status === 200) {
      me = answer.data;
      signedIn();
    }
    route();
    focusMain();
  });
}());
