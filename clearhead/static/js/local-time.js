// Show a meeting's next start in the viewer's own time zone as well, written
// the way the page writes the meeting's own time ("Wednesday 2 December,
// 5:30 PM (Mountain time)"), so the two lines read alike; on a page in
// another language, as the browser writes a date in that language.
// `data-local-time="line"` (the meeting list) puts it on a line of its own
// in the element's paragraph; with `data-zone` (the meeting's IANA zone) it
// is left out when the viewer's clock reads the same as the meeting's.
// The sentence around it ("That is … where you are.") is the page's own, in
// its language (templates/_script_words.html, data-where-you-are).
(function () {
  "use strict";
  var holder = document.querySelector("[data-script-words]");
  var sentence = holder ? holder.getAttribute("data-where-you-are") || "" : "";
  var language = document.documentElement.lang || "en";
  var english = language.split("-")[0] === "en";
  var locale = english ? "en-US" : language;

  function zoneName(when) {
    var styles = ["longGeneric", "long", "short"];
    for (var i = 0; i < styles.length; i += 1) {
      try {
        var parts = new Intl.DateTimeFormat(locale, { timeZoneName: styles[i] }).formatToParts(when);
        for (var j = 0; j < parts.length; j += 1) {
          if (parts[j].type === "timeZoneName") {
            return english ? parts[j].value.replace(/ Time$/, " time") : parts[j].value;
          }
        }
      } catch (error) { /* an older browser without this style: try the next */ }
    }
    return "";
  }

  function localWords(when) {
    var zone = zoneName(when);
    // On the clock's 12 hours, as the page writes the meeting's own time.
    var options = {
      weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit", hour12: true
    };
    if (!english) {
      return new Intl.DateTimeFormat(locale, options).format(when) + (zone ? " (" + zone + ")" : "");
    }
    var parts = {};
    new Intl.DateTimeFormat(locale, options).formatToParts(when).forEach(function (part) {
      parts[part.type] = part.value;
    });
    return parts.weekday + " " + parts.day + " " + parts.month + ", " +
      parts.hour + ":" + parts.minute + " " + parts.dayPeriod + (zone ? " (" + zone + ")" : "");
  }

  if (!sentence) { return; }
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
    var words = sentence.replace("%(time)s", localWords(when));
    var note = document.createElement("span");
    note.className = "muted";
    if (element.getAttribute("data-local-time") === "line" && element.closest("p")) {
      note.textContent = words;
      element.closest("p").append(document.createElement("br"), note);
      return;
    }
    note.textContent = ". " + words;
    element.after(note);
  });
})();
