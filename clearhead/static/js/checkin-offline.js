// Offline check-ins. With no connection, the check-in is queued on this
// device through device-store.js (kept under this account only, cleared at
// sign-out and quick exit) and sent to the API when the connection returns.
// The page itself opens offline because sw.js keeps it (device-store.js
// registers the worker).
//
// Each check-in gets a fresh client_id when it is made (the page's own id is
// replaced as the page opens, so a page served from the cache is never taken
// for a replay), and carries the instant it was made with the phone's UTC
// offset (recorded_at): the server reads the day from it in the patient's
// zone, whatever date the phone shows.
//
// What it says is the page's, in the page's language (the form's
// data-text-* attributes).
(function () {
  "use strict";
  var device = window.ClearheadDevice;
  var form = document.querySelector("form[data-offline-checkin]");
  var crisis = document.querySelector("[data-offline-crisis]");
  if (!form || !device) { return; }
  var idField = form.querySelector("[name=client_id]");
  function text(name) { return form.getAttribute("data-text-" + name) || ""; }

  function freshId() { idField.value = device.newId(); }

  function pad(number) { return (number < 10 ? "0" : "") + number; }
  // "2026-12-01T23:30:00-06:00": the device's wall time and its UTC offset.
  function instantWithOffset(moment) {
    var offset = -moment.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return moment.getFullYear() + "-" + pad(moment.getMonth() + 1) + "-" + pad(moment.getDate()) +
      "T" + pad(moment.getHours()) + ":" + pad(moment.getMinutes()) + ":" + pad(moment.getSeconds()) +
      sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  function checkinFrom(formElement) {
    var data = new FormData(formElement);
    var number = function (name) { var v = data.get(name); return v === null || v === "" ? null : Number(v); };
    var yes = function (name) { return data.get(name) === "yes"; };
    var checkin = {
      client_id: device.newId(),
      craving: number("craving"),
      mood: number("mood"),
      stress: number("stress"),
      confidence: number("confidence"),
      sleep_hours: number("sleep_hours"),
      used_ketamine: yes("used_ketamine"),
      self_harm_thoughts: yes("self_harm_thoughts"),
      risky_situation: yes("risky_situation"),
      body_symptoms: yes("body_symptoms"),
      triggers: data.getAll("triggers"),
      coping: data.getAll("coping"),
      other_substances: data.getAll("other_substances"),
      note: data.get("note") || ""
    };
    var lateDay = formElement.getAttribute("data-late-day");
    // Yesterday's missed check-in names its day; any other, its instant.
    if (lateDay) { checkin.day = lateDay; } else { checkin.recorded_at = instantWithOffset(new Date()); }
    return checkin;
  }

  freshId();
  window.addEventListener("pageshow", freshId);

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) { return; }  // online: the normal form does the rest
    event.preventDefault();
    var checkin = checkinFrom(form);
    if (checkin.craving === null || checkin.mood === null || !form.querySelector("[name=used_ketamine]:checked") || !form.querySelector("[name=self_harm_thoughts]:checked")) {
      device.say(text("incomplete"));
      showNotice();
      return;
    }
    device.enqueue({
      id: checkin.client_id,
      url: "/api/v1/checkins",
      body: checkin,
      sent: text("sent"),
      refused: text("refused")
    });
    form.reset();
    freshId();
    device.say(text("saved"));
    if (checkin.self_harm_thoughts && crisis) { crisis.hidden = false; }
    showNotice();
  });

  // The notice sits just below the button, with the crisis box (if shown)
  // after it: bring it to the top of the screen and move focus to it, so the
  // person sees, and a screen reader reads, that the check-in was kept.
  function showNotice() {
    var notice = document.querySelector("[data-offline-notice]");
    if (!notice) { return; }
    notice.scrollIntoView({ block: "start" });
    notice.focus({ preventScroll: true });
  }
})();
