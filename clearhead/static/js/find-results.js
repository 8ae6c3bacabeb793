// After a search, bring the result count to the top of the screen
// and put the focus on it, so a phone shows the results, not the form, and
// a screen reader starts at "12 programs within 25 miles of 60614".
(function () {
  "use strict";
  // A town in several states is answered with a list to choose from: that
  // list, not the form, is what to read next.
  var target = document.querySelector("[data-place-choices]") ||
    document.querySelector("[data-results-count]");
  if (!target) { return; }
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
})();
