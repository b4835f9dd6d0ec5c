// DeepMiner annotation: keyboard navigation, the mask toggle, the patch-in-context view and the concept picker.
// Served by the bundle; the pages carry no inline script (content security policy). Text from the page is only
// ever set with textContent, never parsed as HTML.
(function () {
  'use strict';
  var $ = function (s, r) { return (r || document).querySelector(s); };
  var $$ = function (s, r) { return Array.prototype.slice.call((r || document).querySelectorAll(s)); };
  var typing = function (e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  };
  var plainKey = function (e) { return !e.ctrlKey && !e.metaKey && !e.altKey; };

  // times: shown in the reader's own time zone
  $$('time[datetime]').forEach(function (t) {
    var d = new Date(t.getAttribute('datetime'));
    if (!isNaN(d.getTime())) {
      t.title = t.textContent;
      t.textContent = d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    }
  });

  var form = $('#annotate-form');
  var dirty = false;
  if (form) {
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; });
    form.addEventListener('submit', function () { dirty = false; });
    window.addEventListener('beforeunload', function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ''; }
    });
    form.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        var b = $('#save-next') || $('#save');
        if (b) { e.preventDefault(); dirty = false; form.requestSubmit ? form.requestSubmit(b) : b.click(); }
      }
    });
  }
  var leave = function (href) {
    if (!dirty || window.confirm('Leave this unit without saving your changes?')) {
      dirty = false;
      window.location.href = href;
    }
  };

  // ---- mask overlay on/off ----
  var toggle = $('#mask-toggle');
  if (toggle && !toggle.disabled) {
    var applyMask = function (on) {
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      $$('#tiles img').forEach(function (img) {
        var src = on ? img.getAttribute('data-masked') : img.getAttribute('data-raw');
        if (src && img.getAttribute('src') !== src) { img.setAttribute('src', src); }
      });
      try { window.localStorage.setItem('deepminer.mask', on ? '1' : '0'); } catch (err) { /* private mode */ }
    };
    toggle.addEventListener('click', function () { applyMask(toggle.getAttribute('aria-pressed') !== 'true'); });
    var pref = null;
    try { pref = window.localStorage.getItem('deepminer.mask'); } catch (err) { /* private mode */ }
    if (pref === '0') { applyMask(false); }
  }

  // ---- the patch on its mammogram ----
  var ctxImg = $('#context-img');
  var ctxCap = $('#context-cap');
  $$('#tiles .tile').forEach(function (tile) {
    var show = function () {
      var src = tile.getAttribute('data-context');
      if (ctxImg && src && ctxImg.getAttribute('src') !== src) { ctxImg.setAttribute('src', src); }
      if (ctxCap) { ctxCap.textContent = tile.getAttribute('data-caption') + ' — the amber box on its mammogram'; }
      $$('#tiles .tile.active').forEach(function (t) { t.classList.remove('active'); });
      tile.classList.add('active');
    };
    tile.addEventListener('mouseenter', show);
    tile.addEventListener('focus', show);
    tile.addEventListener('click', show);
  });
  var firstTile = $('#tiles .tile');
  if (firstTile) { firstTile.classList.add('active'); }

  // ---- concept picker ----
  var picker = $('#concept-picker');
  var search = $('#concept-search');
  var chips = $('#chips');
  var notInterpretable = $('#not-interpretable');
  var boxes = $$('#concept-list input[type=checkbox]');
  var renderChips = function () {
    if (!chips) { return; }
    while (chips.firstChild) { chips.removeChild(chips.firstChild); }
    boxes.forEach(function (box) {
      if (!box.checked) { return; }
      var chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip';
      chip.textContent = box.getAttribute('data-term');
      chip.title = 'Remove ' + box.getAttribute('data-term');
      chip.addEventListener('click', function () { box.checked = false; dirty = true; renderChips(); });
      chips.appendChild(chip);
    });
  };
  var filter = function () {
    if (!search) { return; }
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var first = null;
    $$('#concept-list label.concept').forEach(function (label) {
      var hay = label.getAttribute('data-search') || '';
      var hit = words.every(function (w) { return hay.indexOf(w) >= 0; });
      label.hidden = !hit;
      label.classList.remove('first');
      if (hit && !first && words.length) { first = label; }
    });
    $$('#concept-list .cat').forEach(function (cat) {
      cat.hidden = $$('label.concept', cat).every(function (l) { return l.hidden; });
    });
    if (first) { first.classList.add('first'); }
    return first;
  };
  var setPhenomenon = function (value) {
    var r = $('input[name=q_phenomenon][value=' + value + ']');
    if (r) { r.checked = true; }
  };
  var syncInterpretable = function () {
    if (!notInterpretable || !picker) { return; }
    var off = notInterpretable.checked;
    picker.classList.toggle('off', off);
    boxes.forEach(function (b) { b.disabled = off; });
    if (search) { search.disabled = off; }
    if (off) { setPhenomenon('no'); }
  };
  if (search) {
    search.addEventListener('input', filter);
    search.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        var first = filter();
        if (first) {
          var box = $('input', first);
          box.checked = !box.checked;
          dirty = true;
          renderChips();
          search.value = '';
          filter();
        }
      } else if (e.key === 'Escape') {
        search.value = '';
        filter();
        search.blur();
      }
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', renderChips); });
  if (notInterpretable) { notInterpretable.addEventListener('change', syncInterpretable); }
  $$('.use-suggestion').forEach(function (button) {
    button.addEventListener('click', function () {
      var id = button.getAttribute('data-concept');
      boxes.forEach(function (b) { if (b.value === id) { b.checked = true; } });
      if (notInterpretable && notInterpretable.checked) { notInterpretable.checked = false; syncInterpretable(); }
      if (!$('input[name=q_phenomenon]:checked')) { setPhenomenon('yes'); }
      dirty = true;
      renderChips();
    });
  });
  renderChips();
  syncInterpretable();

  // ---- keyboard ----
  var rows = $$('.unitlist .rowlink');
  document.addEventListener('keydown', function (e) {
    if (typing(e) || !plainKey(e)) { return; }
    var next = $('#next-unit');
    var prev = $('#prev-unit');
    if ((e.key === 'j' || e.key === 'ArrowRight') && next) { e.preventDefault(); leave(next.href); return; }
    if ((e.key === 'k' || e.key === 'ArrowLeft') && prev) { e.preventDefault(); leave(prev.href); return; }
    if (e.key === 'm' && toggle && !toggle.disabled) { e.preventDefault(); toggle.click(); return; }
    if (e.key === '/' && search && !search.disabled) { e.preventDefault(); search.focus(); return; }
    if (rows.length && (e.key === 'j' || e.key === 'k' || e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      var i = rows.indexOf(document.activeElement);
      var down = e.key === 'j' || e.key === 'ArrowDown';
      i = i < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, i + (down ? 1 : -1)));
      e.preventDefault();
      rows[i].focus();
      rows[i].scrollIntoView({ block: 'nearest' });
    }
  });
})();
