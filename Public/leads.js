// Progressive enhancement for the leads inbox: a "select all" box in the table header.
// Without this file every lead is ticked one by one.
(function () {
  "use strict";
  var all = document.querySelector(".leads-select-all");
  if (!all) return;
  var boxes = document.querySelectorAll('.leads-table input[name="id"]');
  all.hidden = false;

  function sync() {
    var ticked = 0;
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) ticked++;
    all.checked = ticked > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  all.addEventListener("change", function () {
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
  });
  for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener("change", sync);
  sync();
})();
