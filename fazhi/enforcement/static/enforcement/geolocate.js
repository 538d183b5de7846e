/* Fill the report's latitude and longitude from the browser's position when the user asks.
   Loaded from the app's static folder (no inline script: the pages' CSP allows 'self' only);
   without it, or without a position, the form still works: the coordinates are optional. */
(function () {
  "use strict";
  var button = document.querySelector("[data-geolocate]");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!button || !latitude || !longitude || !("geolocation" in navigator)) {
    return;
  }
  var status = document.querySelector("[data-geolocate-status]");
  var say = function (text) {
    if (status && text) {
      status.textContent = text;
    }
  };
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say(button.getAttribute("data-busy"));
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        button.disabled = false;
        say(button.getAttribute("data-done").replace("%s", Math.round(position.coords.accuracy)));
      },
      function () {
        button.disabled = false;
        say(button.getAttribute("data-failed"));
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
