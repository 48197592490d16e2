// Form builder: progressive enhancement only; every button works without this file.
// - "Copy" puts the landing page's address on the clipboard,
// - drag a field by its title to reorder (the Move up/down buttons stay for keyboards),
// - options, bounds and pattern boxes follow the chosen field type,
// - the preview refreshes as you type (the server renders it from what is typed),
// - Enter in the new field's label adds the field instead of saving the draft,
// - one field is open at a time, and a problem's link opens the field that holds its box.
(function () {
  "use strict";
  // "Copy" beside the landing page's address (shown only where the clipboard is there).
  var copy = document.querySelector("[data-copy]");
  var copied = document.querySelector("[data-copied]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var box = document.getElementById(copy.getAttribute("data-copy"));
      navigator.clipboard.writeText(box.value).then(function () {
        if (copied) copied.textContent = "Address copied.";
      }, function () {
        box.select();
        if (copied) copied.textContent = "Press Ctrl+C (or ⌘C) to copy the selected address.";
      });
    });
  }

  var form = document.getElementById("builder");
  if (!form) return;
  var list = form.querySelector("[data-field-list]");
  var preview = document.getElementById("form-preview");
  var dirtyNote = form.querySelector("[data-dirty-note]");

  var dirty = false;
  var submitting = false;
  function markDirty() {
    dirty = true;
    if (dirtyNote) dirtyNote.hidden = false;
    schedulePreview();
  }
  form.addEventListener("submit", function () { submitting = true; });
  // Leaving with unsaved changes asks first (the browser shows its own wording).
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Extras (options, minimum, maximum, pattern) apply to some types only. Hidden extras
  // are disabled too, so what they hold is not sent and cannot be refused.
  function syncExtras(item) {
    var select = item.querySelector("[data-type-select] select");
    if (!select) return;
    var extras = item.querySelectorAll("[data-types]");
    for (var i = 0; i < extras.length; i++) {
      var applies = (" " + extras[i].getAttribute("data-types") + " ").indexOf(" " + select.value + " ") >= 0;
      var control = extras[i].querySelector("input, textarea, select");
      var keep = applies || extras[i].querySelector(".field__error") !== null;
      extras[i].hidden = !keep;
      if (control) control.disabled = !keep;
    }
  }

  function items() {
    return list ? Array.prototype.slice.call(list.querySelectorAll("[data-field-item]")) : [];
  }

  // After a drag: renumber the titles and enable the Move buttons that now apply.
  function syncPositions() {
    var all = items();
    all.forEach(function (item, index) {
      var number = item.querySelector("[data-field-number]");
      if (number) number.textContent = String(index + 1);
      var up = item.querySelector('[data-move="up"]');
      var down = item.querySelector('[data-move="down"]');
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === all.length - 1;
    });
  }

  items().forEach(function (item) {
    syncExtras(item);
    var select = item.querySelector("[data-type-select] select");
    if (select) select.addEventListener("change", function () { syncExtras(item); });
  });

  // Drag and drop: an item becomes draggable while its handle is held.
  var dragged = null;
  if (list) {
    list.classList.add("builder-fields--draggable");
    items().forEach(function (item) {
      var handle = item.querySelector("[data-drag-handle]");
      if (!handle) return;
      handle.setAttribute("title", "Drag to reorder");
      handle.addEventListener("mousedown", function () { item.draggable = true; });
      handle.addEventListener("mouseup", function () { item.draggable = false; });
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("builder-field--dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.id);
      });
      item.addEventListener("dragend", function () {
        item.draggable = false;
        item.classList.remove("builder-field--dragging");
        dragged = null;
      });
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var target = event.target.closest ? event.target.closest("[data-field-item]") : null;
      if (!target || target === dragged) return;
      var box = target.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? target.nextSibling : target);
    });
    list.addEventListener("drop", function (event) {
      if (!dragged) return;
      event.preventDefault();
      syncPositions();
      markDirty();
    });
  }

  // Live preview: the server renders the landing page from the form as typed.
  var previewURL = form.getAttribute("data-preview-url");
  var timer = null;
  var sequence = 0;
  function schedulePreview() {
    if (!preview || !previewURL || !window.fetch) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(refreshPreview, 350);
  }
  function refreshPreview() {
    var mine = ++sequence;
    var body = new URLSearchParams(new FormData(form));
    fetch(previewURL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (response) {
      // 422: the form is past the builder's limits; the answer says which.
      if (!response.ok && response.status !== 422) return null;
      return response.text();
    }).then(function (html) {
      // Only the newest answer counts; the fragment is HTML the server escaped.
      if (html !== null && mine === sequence) preview.innerHTML = html;
    }).catch(function () { /* the preview stays as it was */ });
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  var newLabel = form.querySelector('[name="new_label"]');
  var addButton = form.querySelector("[data-add-field]");
  if (newLabel && addButton) {
    newLabel.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        addButton.click();
      }
    });
  }

  // One field open at a time (closed fields are still sent with the form).
  var allDetails = Array.prototype.slice.call(form.querySelectorAll("[data-field-details]"));
  allDetails.forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) return;
      allDetails.forEach(function (other) { if (other !== details && other.open) other.open = false; });
    });
  });

  // (Where the page lands after add, move or remove needs no script: the field, list or
  // problems the address names can take the focus, and the browser focuses it.)
  function reveal(element) {
    var details = element.closest ? element.closest("details") : null;
    if (details && !details.open) details.open = true;
    return element;
  }

  // A problem's link opens the field whose box it names before the browser jumps there.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("#builder-problems a[href^='#']") : null;
    if (!link) return;
    var box = document.getElementById(link.getAttribute("href").slice(1));
    if (!box) return;
    event.preventDefault();
    reveal(box);
    box.focus();
    box.scrollIntoView({ block: "center" });
  });
})();
