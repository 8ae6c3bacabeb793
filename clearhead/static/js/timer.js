// A countdown for the coping tools. It runs on the device, so it works offline.
// The words are the page's, in the page's language (data-text-* on
// [data-timer]; "{time}" in data-text-left stands for the time left).
(function () {
  "use strict";
  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  document.querySelectorAll("[data-timer]").forEach(function (timer) {
    var total = parseInt(timer.getAttribute("data-seconds"), 10);
    var display = timer.querySelector("[data-timer-display]");
    var status = timer.querySelector("[data-timer-status]");
    var start = timer.querySelector("[data-timer-start]");
    var reset = timer.querySelector("[data-timer-reset]");
    var left = total;
    function text(name) { return timer.getAttribute("data-text-" + name) || ""; }
    var ticking = null;
    start.hidden = false;
    reset.hidden = false;
    function stop() { clearInterval(ticking); ticking = null; start.textContent = text("start"); }
    start.addEventListener("click", function () {
      if (ticking) { stop(); return; }
      start.textContent = text("pause");
      ticking = setInterval(function () {
        left -= 1;
        display.textContent = format(left);
        if (left % 300 === 0 && left > 0) { status.textContent = text("left").replace("{time}", format(left)); }
        if (left <= 0) { stop(); status.textContent = text("done"); }
      }, 1000);
    });
    reset.addEventListener("click", function () { stop(); left = total; display.textContent = format(left); status.textContent = ""; });
  });
})();
