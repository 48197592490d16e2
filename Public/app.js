// Progressive enhancement only: every page works without this file.
// On small screens, folds the main navigation behind its "Menu" button.
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  if (!nav) return;
  var toggle = document.querySelector(".nav-toggle");
  if (!toggle) return;

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.setAttribute("data-open", open ? "true" : "false");
  }

  nav.classList.add("site-nav--enhanced");
  toggle.hidden = false;
  setOpen(false);
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
