// "Use my location": asks the browser for its position and puts it in the
// search box as "lat,lng". It goes only to this site, with the search.
// When the browser cannot or may not tell us, a plain message says so next
// to the button, and the box is ready for a ZIP code instead. The messages
// are the page's own, in the reader's language: the status line's data-
// attributes (directory/_place_field.html).
(function () {
  "use strict";
  var button = document.querySelector("[data-use-my-location]");
  var input = document.getElementById("near");
  var message = document.querySelector("[data-location-message]");
  if (!button || !input || !navigator.geolocation) { return; }
  // Geolocation error codes: 1 permission denied, 2 unavailable, 3 timeout.
  var PROBLEMS = { 1: "refused", 2: "unavailable", 3: "timeout" };
  function say(name) {
    if (message) { message.textContent = message.getAttribute("data-" + name) || ""; }
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say("finding");
    navigator.geolocation.getCurrentPosition(function (position) {
      // Two decimals (about a kilometre) is enough for a search by miles,
      // and the address this puts in the browser's history is not the home.
      input.value = position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2);
      button.disabled = false;
      say("found");
      input.form.requestSubmit();
    }, function (error) {
      button.disabled = false;
      say(PROBLEMS[error.code] || PROBLEMS[2]);
      input.focus();
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
