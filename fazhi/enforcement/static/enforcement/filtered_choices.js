/* A filter box above a long list of checkboxes (the patrol's members): typing hides the
   choices whose label does not contain the text; ticked choices always stay in view.
   Loaded from the app's static folder (the pages' CSP allows 'self' only); without it the
   list is shown whole and works as it is. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-filtered-choices]");
  Array.prototype.forEach.call(boxes, function (box) {
    if (box.hasAttribute("data-filter-ready")) {
      return;
    }
    box.setAttribute("data-filter-ready", "");
    var choices = box.querySelectorAll("input[type=checkbox]");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filtered-choices-search";
    input.setAttribute("aria-label", box.getAttribute("data-label") || "");
    input.placeholder = box.getAttribute("data-placeholder") || "";
    input.autocomplete = "off";
    var empty = document.createElement("p");
    empty.className = "help filtered-choices-empty";
    empty.textContent = box.getAttribute("data-empty") || "";
    empty.hidden = true;
    box.parentNode.insertBefore(input, box);
    box.parentNode.insertBefore(empty, box.nextSibling);
    box.classList.add("filtered-choices-ready");
    var filter = function () {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(choices, function (choice) {
        var row = choice.closest("div") || choice.parentNode;
        var text = (choice.closest("label") || row).textContent.toLowerCase();
        var match = words.every(function (word) {
          return text.indexOf(word) !== -1;
        });
        row.hidden = !(match || choice.checked);
        if (!row.hidden) {
          shown += 1;
        }
      });
      empty.hidden = shown > 0;
    };
    input.addEventListener("input", filter);
    // Enter in the filter box must not submit the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  });
})();
