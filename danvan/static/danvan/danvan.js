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
