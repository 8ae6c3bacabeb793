// "Use my location": asks the browser for its position and puts it in the
// search box as "lat,lng". It goes only to this site, with the search.
// When the browser cannot or may not tell us, a plain message says so next
// to the button, and the box is ready for a ZIP code instead.
(function () {
  "use strict";
  var button = document.querySelector("[data-use-my-location]");
  var input = document.getElementById("near");
  var message = document.querySelector("[data-location-message]");
  if (!button || !input || !navigator.geolocation) { return; }
  var PROBLEMS = {
    1: "Your location was not shared. You can type a ZIP code or a town instead.",
    2: "Your phone could not find where you are right now. You can type a ZIP code or a town instead.",
    3: "Finding your location took too long. Try again, or type a ZIP code or a town instead."
  };
  function say(text) { if (message) { message.textContent = text; } }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say("Finding your location…");
    navigator.geolocation.getCurrentPosition(function (position) {
      // Two decimals (about a kilometre) is enough for a search by miles,
      // and the address this puts in the browser's history is not the home.
      input.value = position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2);
      button.disabled = false;
      say("Found your location. Searching…");
      input.form.requestSubmit();
    }, function (error) {
      button.disabled = false;
      say(PROBLEMS[error.code] || PROBLEMS[2]);
      input.focus();
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
