// "Use my location": asks the browser for its position and puts it in the
// search box as "lat,lng". It goes only to this site, with the search.
(function () {
  "use strict";
  var button = document.querySelector("[data-use-my-location]");
  var input = document.getElementById("near");
  if (!button || !input || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      input.value = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
      button.disabled = false;
      input.form.requestSubmit();
    }, function () {
      button.disabled = false;
      input.focus();
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
