// Show a meeting's next start in the viewer's own time zone as well.
(function () {
  "use strict";
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var when = new Date(element.getAttribute("datetime"));
    if (isNaN(when.getTime())) { return; }
    var local = new Intl.DateTimeFormat(undefined, {
      weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit", timeZoneName: "short"
    }).format(when);
    var note = document.createElement("span");
    note.className = "muted";
    note.textContent = " That is " + local + " where you are.";
    element.after(note);
  });
})();
