// Offline check-ins. With no connection, the check-in form is kept on this
// device (localStorage) under its client_id, and sent to the API when the
// connection returns. The server stores one row per client_id, so a check-in
// that is sent twice is still stored once.
(function () {
  "use strict";
  var QUEUE_KEY = "clearhead.pendingCheckins";
  var form = document.querySelector("form[data-offline-checkin]");
  var notice = document.querySelector("[data-offline-notice]");
  var crisis = document.querySelector("[data-offline-crisis]");

  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]"); } catch (error) { return []; }
  }
  function writeQueue(queue) { window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  // Today where the patient lives (the zone the server counts their days
  // in), not where the phone is set: "en-CA" writes dates as YYYY-MM-DD.
  function localDate() {
    var zone = form && form.getAttribute("data-time-zone");
    var options = { year: "numeric", month: "2-digit", day: "2-digit" };
    if (zone) { options.timeZone = zone; }
    try {
      return new Intl.DateTimeFormat("en-CA", options).format(new Date());
    } catch (error) {  // an unknown zone: the phone's own date
      delete options.timeZone;
      return new Intl.DateTimeFormat("en-CA", options).format(new Date());
    }
  }
  function say(text) { if (notice) { notice.hidden = false; notice.textContent = text; } }

  function checkinFrom(formElement) {
    var data = new FormData(formElement);
    var number = function (name) { var v = data.get(name); return v === null || v === "" ? null : Number(v); };
    var yes = function (name) { return data.get(name) === "yes"; };
    return {
      client_id: data.get("client_id"),
      day: localDate(),
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
  }

  function send(checkin) {
    return fetch("/api/v1/checkins", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(checkin)
    });
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) { return; }
    var queue = readQueue();
    if (!queue.length) { return; }
    flushing = true;
    var next = queue[0];
    send(next).then(function (response) {
      // Stored (201), already stored (200), or refused for good (4xx): done with it.
      if (response.status < 500 && response.status !== 401 && response.status !== 403) {
        writeQueue(readQueue().filter(function (item) { return item.client_id !== next.client_id; }));
        say(response.ok ? "Your saved check-in has been sent." : "A saved check-in could not be sent: please check in again.");
      }
      flushing = false;
      if (response.ok) { flush(); }
    }).catch(function () { flushing = false; });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }  // online: the normal form does the rest
      event.preventDefault();
      var checkin = checkinFrom(form);
      if (checkin.craving === null || checkin.mood === null || !form.querySelector("[name=used_ketamine]:checked") || !form.querySelector("[name=self_harm_thoughts]:checked")) {
        say("Please answer the first four questions.");
        return;
      }
      var queue = readQueue().filter(function (item) { return item.client_id !== checkin.client_id; });
      queue.push(checkin);
      writeQueue(queue);
      say("You are offline. Your check-in is saved on this device and will be sent when you are back online.");
      if (checkin.self_harm_thoughts && crisis) { crisis.hidden = false; crisis.scrollIntoView(); }
    });
  }
  window.addEventListener("online", flush);
  flush();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* offline support only */ });
  }
})();
