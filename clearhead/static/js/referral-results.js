// The send page opened from a finder listing has no results with it. When
// this tab still holds self-check answers (self-check.js keeps them in
// sessionStorage), offer to bring them in: the button posts them to the send
// page, which lists the parts to choose from. Nothing is ticked or sent.
(function () {
  "use strict";
  var KEY = "clearhead:self-check:answers";
  var form = document.querySelector("[data-referral-results]");
  if (!form) return;
  var state = null;
  try { state = window.sessionStorage.getItem(KEY); } catch (error) { return; }
  if (!state) return;
  form.querySelector("input[name=state]").value = state;
  form.hidden = false;
})();
