// A countdown for the coping tools. It runs on the device, so it works offline.
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
    var ticking = null;
    start.hidden = false;
    reset.hidden = false;
    function stop() { clearInterval(ticking); ticking = null; start.textContent = "Start"; }
    start.addEventListener("click", function () {
      if (ticking) { stop(); return; }
      start.textContent = "Pause";
      ticking = setInterval(function () {
        left -= 1;
        display.textContent = format(left);
        if (left % 300 === 0 && left > 0) { status.textContent = format(left) + " left."; }
        if (left <= 0) { stop(); status.textContent = "Time is up. Well done for waiting."; }
      }, 1000);
    });
    reset.addEventListener("click", function () { stop(); left = total; display.textContent = format(left); status.textContent = ""; });
  });
})();
