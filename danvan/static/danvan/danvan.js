// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Collapse the menu on phones only when this script runs, so a page without JavaScript still shows it.
  document.documentElement.classList.add("js");
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("mainnav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      var bar = toggle.closest(".topbar");
      if (bar) { bar.classList.toggle("open", open); }
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Ask before destructive actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var text = form.getAttribute && form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) { event.preventDefault(); }
  });
  // A private tracking link carries its secret in the fragment (#CODE:SECRET), which browsers never send:
  // post it from here, then drop it from the address bar and history.
  var linkForm = document.querySelector("[data-secret-link-form]");
  if (linkForm && window.location.hash.length > 1) {
    var field = linkForm.querySelector("[data-secret-link-field]");
    if (field && !field.value) {
      var fragment = window.location.hash.slice(1);
      try { fragment = decodeURIComponent(fragment); } catch (e) { /* a mangled link: the server explains */ }
      field.value = fragment;
      history.replaceState(null, "", window.location.pathname);
      linkForm.submit();
    }
  }
  // Submit a form when a select changes: <select data-autosubmit> (no inline handlers: the CSP forbids them).
  document.addEventListener("change", function (event) {
    var t = event.target;
    if (t.matches && t.matches("[data-autosubmit]") && t.form) { t.form.submit(); }
  });
  // Select a field's text on focus: <input data-select-on-focus>.
  document.addEventListener("focusin", function (event) {
    var t = event.target;
    if (t.matches && t.matches("[data-select-on-focus]")) { t.select(); }
  });
  // Tick or untick every box of a group: <fieldset data-check-group> with <button data-check-all / data-check-none>.
  document.addEventListener("click", function (event) {
    var t = event.target.closest ? event.target.closest("[data-check-all], [data-check-none]") : null;
    var group = t && t.closest("[data-check-group]");
    if (!group) { return; }
    var on = t.hasAttribute("data-check-all");
    group.querySelectorAll("input[type=checkbox]:not([disabled])").forEach(function (box) { box.checked = on; });
  });
  // Print the page: <button data-print>.
  document.addEventListener("click", function (event) {
    var t = event.target.closest ? event.target.closest("[data-print]") : null;
    if (t) { window.print(); }
  });
  // Poll a progress endpoint: <div data-progress-url="..."> expects JSON {percent, done, message, redirect}.
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    function tick() {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (bar && data.percent != null) { bar.value = data.percent; }
          if (text && data.message) { text.textContent = data.message; }
          if (data.done) { if (data.redirect) { window.location = data.redirect; } return; }
          setTimeout(tick, 1000);
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  });
})();
