// Paced breathing: in 4, hold 4, out 6. The words change even when motion is
// reduced, so the exercise works without the animation. The words are the
// page's, in the page's language (data-text-* on [data-breathing]).
(function () {
  "use strict";
  var root = document.querySelector("[data-breathing]");
  if (!root) { return; }
  var cue = root.querySelector("[data-breathing-cue]");
  var toggle = root.querySelector("[data-breathing-toggle]");
  function text(name) { return root.getAttribute("data-text-" + name) || ""; }
  var steps = [[text("in"), 4, "in"], [text("hold"), 4, "hold"], [text("out"), 6, "out"]];
  var timer = null;
  toggle.hidden = false;
  function run(index, rounds) {
    if (rounds >= 8) { cue.textContent = text("done"); toggle.textContent = text("start"); timer = null; root.dataset.phase = ""; return; }
    var step = steps[index];
    cue.textContent = step[0];
    root.dataset.phase = step[2];
    timer = setTimeout(function () {
      run((index + 1) % steps.length, index === steps.length - 1 ? rounds + 1 : rounds);
    }, step[1] * 1000);
  }
  toggle.addEventListener("click", function () {
    if (timer) { clearTimeout(timer); timer = null; cue.textContent = text("ready"); toggle.textContent = text("start"); root.dataset.phase = ""; return; }
    toggle.textContent = text("stop");
    run(0, 0);
  });
})();
