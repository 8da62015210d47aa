/* Accessibility repairs of third-party markup (WCAG 2.1 AA; checked by tests/browser/test_accessibility.py).
   Dash 4's date picker, dropdown, slider and upload and dash-bootstrap-components' tabs render ARIA that
   axe-core rejects, English labels, or controls the keyboard cannot reach; their props offer no way to
   change that, so this script mends the rendered DOM whenever it changes (idempotent: it only writes
   an attribute whose value differs). Our own components get their markup right in Python instead. */
(function () {
  'use strict';
  var GERMAN = {
    'Select Date': 'Datum wählen (TT.MM.JJJJ)', 'Clear date': 'Datum löschen', 'Close calendar': 'Kalender schließen',
    'Previous month': 'Vorheriger Monat', 'Next month': 'Nächster Monat', 'Decrease value': 'Wert verringern',
    'Increase value': 'Wert erhöhen', 'Clear all': 'Auswahl löschen', 'Select All': 'Alle auswählen',
    'Deselect All': 'Keine auswählen', 'Search': 'Suchen'
  };

  function set(el, name, value) { if (el.getAttribute(name) !== value) el.setAttribute(name, value); }
  function drop(el, name) { if (el.hasAttribute(name)) el.removeAttribute(name); }
  function labelText(id) {
    if (!id) return '';
    var label = document.querySelector('label[for="' + CSS.escape(id) + '"]');
    return label ? label.textContent.trim() : '';
  }
  function pressable(el) {  // Enter and Space act like a click (for elements that are not buttons)
    if (el.dataset.imcKeys) return;
    el.dataset.imcKeys = '1';
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); el.click(); }
    });
  }

  function repair(root) {
    root.querySelectorAll('[aria-label]').forEach(function (el) {
      var german = GERMAN[el.getAttribute('aria-label')];
      if (german) set(el, 'aria-label', german);
    });
    root.querySelectorAll('input[placeholder="Select Date"]').forEach(function (el) { set(el, 'placeholder', 'TT.MM.JJJJ'); });
    // date picker: the popup state belongs on the input (ARIA combobox with a dialog), not on a plain div
    root.querySelectorAll('.dash-datepicker-input-wrapper').forEach(function (wrapper) {
      var input = wrapper.querySelector('input');
      if (input && wrapper.hasAttribute('aria-expanded')) {
        set(input, 'role', 'combobox');
        set(input, 'aria-haspopup', 'dialog');
        set(input, 'aria-expanded', wrapper.getAttribute('aria-expanded'));
      }
      drop(wrapper, 'aria-expanded');
      drop(wrapper, 'aria-haspopup');
    });
    root.querySelectorAll('.dash-datepicker-clear').forEach(function (el) {
      set(el, 'role', 'button'); set(el, 'tabindex', '0'); pressable(el);
    });
    // dropdown: a focusable node hidden from screen readers is a trap; the dropdown's button has the focus
    root.querySelectorAll('.dash-dropdown-focus-target[aria-hidden="true"]').forEach(function (el) { set(el, 'tabindex', '-1'); });
    // tables that scroll sideways: reachable by keyboard, named by their section
    root.querySelectorAll('.table-responsive').forEach(function (el) {
      var card = el.closest('.section-card');
      var title = card && card.querySelector('.section-title');
      set(el, 'tabindex', '0'); set(el, 'role', 'region');
      set(el, 'aria-label', 'Tabelle' + (title ? ': ' + title.textContent.trim() : ''));
    });
    // upload: the hidden file input gets the drop zone's text as its name
    root.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (el) {
      var zone = el.parentElement;
      set(el, 'aria-label', 'Datei auswählen' + (zone && zone.textContent.trim() ? ': ' + zone.textContent.trim() : ''));
    });
    // sliders: thumb and number box named by the slider's <label for=…>
    root.querySelectorAll('[role="slider"], input.dash-range-slider-input').forEach(function (el) {
      var owner = el.closest('[id]');
      var text = owner ? labelText(owner.id) : '';
      if (!text) return;
      var suffix = el.classList.contains('dash-range-slider-min-input') ? ' (von)' :
        el.classList.contains('dash-range-slider-max-input') ? ' (Wert)' : '';
      set(el, 'aria-label', text + suffix);
    });
    // a checklist (dcc.Checklist) is a group of native checkboxes: Dash 4 renders it as a listbox whose
    // options are labels holding the checkboxes (controls nested in controls: axe nested-interactive)
    root.querySelectorAll('.dash-checklist[role="listbox"]').forEach(function (el) {
      if (!el.hasAttribute('aria-label') && !el.hasAttribute('aria-labelledby')) {
        var name = labelText(el.id) || (el.previousElementSibling ? el.previousElementSibling.textContent.trim() : '');
        if (name) set(el, 'aria-label', name);
      }
      set(el, 'role', 'group');
      drop(el, 'aria-multiselectable');
    });
    root.querySelectorAll('.dash-checklist label[role="option"], .dash-checklist label[aria-selected]').forEach(function (option) {
      drop(option, 'role'); drop(option, 'aria-selected');
    });
    // a list of options (dcc.Checklist, dcc.RadioItems) named by the heading or label before it
    root.querySelectorAll('[role="listbox"]:not([aria-label]):not([aria-labelledby]), [role="radiogroup"]:not([aria-label]):not([aria-labelledby])').forEach(function (el) {
      var text = labelText(el.id) || (el.previousElementSibling ? el.previousElementSibling.textContent.trim() : '');
      if (text) set(el, 'aria-label', text);
    });
    // tabs (dbc.Tabs): point aria-controls at the real panel, one tab stop, arrow keys move between tabs
    root.querySelectorAll('[role="tablist"]').forEach(function (list) {
      var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
      var panes = list.parentElement ? list.parentElement.querySelectorAll(':scope > .tab-content > .tab-pane') : [];
      tabs.forEach(function (tab, i) {
        var active = tab.classList.contains('active');
        set(tab, 'tabindex', active ? '0' : '-1');
        set(tab, 'aria-selected', active ? 'true' : 'false');
        var pane = panes[i];
        if (pane) {
          if (!pane.id || pane.id.indexOf('null') >= 0) pane.id = (list.id || 'imc-tabs') + '-panel-' + i;
          set(pane, 'role', 'tabpanel');
          set(tab, 'aria-controls', pane.id);
          if (!tab.id || tab.id.indexOf('null') >= 0) tab.id = (list.id || 'imc-tabs') + '-tab-' + i;
          set(pane, 'aria-labelledby', tab.id);
        } else {
          drop(tab, 'aria-controls');
        }
      });
      if (!list.dataset.imcKeys) {
        list.dataset.imcKeys = '1';
        list.addEventListener('keydown', function (e) {
          var all = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
          var i = all.indexOf(document.activeElement);
          if (i < 0) return;
          var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1}[e.key];
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); all[i].click(); return; }
          if (next === undefined) return;
          e.preventDefault();
          var target = all[(next + all.length) % all.length];
          target.click(); target.focus();
        });
      }
    });
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; repair(document); });
  }
  function start() {
    repair(document);
    // the skip link moves the focus itself: the hash alone leaves it on the link in some browsers
    document.addEventListener('click', function (e) {
      var link = e.target.closest && e.target.closest('.skip-link');
      var main = link && document.getElementById(link.getAttribute('href').slice(1));
      if (!main) return;
      e.preventDefault();
      main.focus();
      main.scrollIntoView({block: 'start'});
    });
    new MutationObserver(schedule).observe(document.body, {
      subtree: true, childList: true, attributes: true,
      attributeFilter: ['aria-expanded', 'aria-label', 'class', 'tabindex', 'aria-controls', 'placeholder']
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
