// Landing page: after a refused submission, focus moves to the list of problems so that a
// screen reader reads it and Tab goes on to its links (without this file the list is
// still the first thing in the tab order).
(function () {
  "use strict";
  var summary = document.querySelector(".landing__errors");
  if (summary) summary.focus();
})();
