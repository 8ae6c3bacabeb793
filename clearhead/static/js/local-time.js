// Show a meeting's next start in the viewer's own time zone as well, written
// the way the page writes the meeting's own time ("Wednesday 2 December,
// 5:30 PM (Mountain time)"), so the two lines read alike.
// `data-local-time="line"` (the meeting list) puts it on a line of its own
// in the element's paragraph; with `data-zone` (the meeting's IANA zone) it
// is left out when the viewer's clock reads the same as the meeting's.
(function () {
  "use strict";
  function zoneName(when) {
    var styles = ["longGeneric", "long", "short"];
    for (var i = 0; i < styles.length; i += 1) {
      try {
        var parts = new Intl.DateTimeFormat("en-US", { timeZoneName: styles[i] }).formatToParts(when);
        for (var j = 0; j < parts.length; j += 1) {
          if (parts[j].type === "timeZoneName") { return parts[j].value.replace(/ Time$/, " time"); }
        }
      } catch (error) { /* an older browser without this style: try the next */ }
    }
    return "";
  }
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var when = new Date(element.getAttribute("datetime"));
    if (isNaN(when.getTime())) { return; }
    var meetingZone = element.getAttribute("data-zone");
    if (meetingZone) {
      try {
        var wall = { weekday: "long", hour: "numeric", minute: "2-digit" };
        var there = new Intl.DateTimeFormat("en-US", Object.assign({ timeZone: meetingZone }, wall)).format(when);
        if (there === new Intl.DateTimeFormat("en-US", wall).format(when)) { return; }
      } catch (error) { /* a zone this browser does not know: say the viewer's time */ }
    }
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit", hour12: true
    }).formatToParts(when).forEach(function (part) { parts[part.type] = part.value; });
    var zone = zoneName(when);
    var local = parts.weekday + " " + parts.day + " " + parts.month + ", " +
      parts.hour + ":" + parts.minute + " " + parts.dayPeriod + (zone ? " (" + zone + ")" : "");
    var note = document.createElement("span");
    note.className = "muted";
    if (element.getAttribute("data-local-time") === "line" && element.closest("p")) {
      note.textContent = "That is " + local + " where you are.";
      element.closest("p").append(document.createElement("br"), note);
      return;
    }
    note.textContent = ". That is " + local + " where you are.";
    element.after(note);
  });
})();
