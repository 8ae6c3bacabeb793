// After a program search, bring the result count to the top of the screen
// and put the focus on it, so a phone shows the results, not the form, and
// a screen reader starts at "12 programs within 25 miles of 60614".
(function () {
  "use strict";
  var count = document.querySelector("[data-results-count]");
  if (!count) { return; }
  count.focus({ preventScroll: true });
  count.scrollIntoView({ block: "start" });
})();
