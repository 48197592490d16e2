// Progressive enhancement: a link to a confirmation page (a[data-confirm]) shows that
// page's question and form in a dialog over the current page; its button posts exactly
// what the page would. Without this file, or when the page cannot be read, the link
// simply opens the confirmation page.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function" || !window.fetch || !window.DOMParser) return;

  function show(section, link) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-title");
    dialog.setAttribute("aria-describedby", "confirm-irreversible");
    var content = document.importNode(section, true);
    // Inside the page the question is a second-level heading, not the page's own.
    var question = content.querySelector("h1");
    if (question) {
      var heading = document.createElement("h2");
      heading.id = question.id;
      heading.textContent = question.textContent;
      question.replaceWith(heading);
    }
    content.removeAttribute("aria-labelledby");
    content.removeAttribute("aria-describedby");
    dialog.appendChild(content);
    var back = content.querySelector("[data-confirm-back]");
    if (back) {
      back.addEventListener("click", function (event) {
        event.preventDefault();
        dialog.close();
      });
    }
    dialog.addEventListener("close", function () {
      dialog.remove();
      link.focus();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    // The safe choice has the focus, so Enter does not end anything.
    if (back) back.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-confirm]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("not a confirmation page");
        return response.text();
      })
      .then(function (html) {
        var section = new DOMParser().parseFromString(html, "text/html").querySelector("section.confirm");
        if (!section) throw new Error("not a confirmation page");
        show(section, link);
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();
