/* The time left on the quiz's answer sheet, and handing the sheet in when it runs out.
   Loaded from the app's static folder (no inline script: the pages' CSP allows 'self' only).
   The seconds left come from the server, so the phone's own clock does not matter; without
   this script the page still states the time by which to hand in, and the server refuses a
   sheet handed in too late either way. */
(function () {
  "use strict";
  var counter = document.querySelector("[data-quiz-countdown]");
  var sheet = document.querySelector("[data-quiz-sheet]");
  if (!counter || !sheet) {
    return;
  }
  var remaining = parseInt(counter.getAttribute("data-remaining"), 10);
  if (isNaN(remaining)) {
    return;
  }
  var label = counter.getAttribute("data-label") || "";
  var end = Date.now() + remaining * 1000;
  var sent = false;
  sheet.addEventListener("submit", function () {
    sent = true;
  });
  var pad = function (n) {
    return n < 10 ? "0" + n : String(n);
  };
  var tick = function () {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var text = (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(left % 60);
    counter.textContent = label + " " + text;
    counter.classList.toggle("quiz-late", left <= 60);
    if (left === 0) {
      if (!sent) {
        sent = true;
        sheet.submit();
      }
      return;
    }
    window.setTimeout(tick, 1000);
  };
  counter.hidden = false;
  tick();
})();
