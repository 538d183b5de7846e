/* The published annual report's figures: tapping or clicking one (or Enter on it) shows its
   label, value, period and definition (口径说明) in a small popover under it; Escape, the close
   button or a tap elsewhere closes it. Every figure carries what the popover shows in its own
   data attributes, so nothing is fetched. Loaded from the app's static folder (the portal's CSP
   allows no inline script); without script each figure's definition is in its title and in the
   table of the report's figures below the text. */
(function () {
  "use strict";
  var text = document.querySelector("[data-report-text]");
  if (!text) {
    return;
  }
  var figures = text.querySelectorAll("data.report-figure");
  if (!figures.length) {
    return;
  }
  var popover = null;
  var owner = null;

  var line = function (className, content) {
    var element = document.createElement("p");
    element.className = className;
    element.textContent = content;
    return element;
  };

  var close = function (restoreFocus) {
    if (!popover) {
      return;
    }
    popover.remove();
    popover = null;
    if (owner) {
      owner.setAttribute("aria-expanded", "false");
      if (restoreFocus) {
        owner.focus();
      }
    }
    owner = null;
  };

  var place = function (figure) {
    var box = figure.getBoundingClientRect();
    var width = popover.offsetWidth;
    var left = box.left + window.scrollX;
    var room = document.documentElement.clientWidth + window.scrollX - width - 8;
    popover.style.left = Math.max(window.scrollX + 8, Math.min(left, room)) + "px";
    popover.style.top = box.bottom + window.scrollY + 6 + "px";
  };

  var open = function (figure) {
    var same = owner === figure;
    close(false);
    if (same) {
      return;
    }
    var data = figure.dataset;
    popover = document.createElement("div");
    popover.className = "report-popover";
    popover.id = "report-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", data.label || "");
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "report-popover-close";
    shut.setAttribute("aria-label", text.dataset.closeLabel || "×");
    shut.textContent = "×";
    shut.addEventListener("click", function () {
      close(true);
    });
    var title = document.createElement("p");
    title.className = "report-popover-label";
    title.textContent = data.label || data.key;
    popover.appendChild(shut);
    popover.appendChild(title);
    popover.appendChild(
      line("report-popover-value", figure.getAttribute("value") + " " + (data.unit || ""))
    );
    var period = data.start === data.end ? data.start : data.start + " — " + data.end;
    popover.appendChild(line("report-popover-period", (text.dataset.periodLabel || "") + period));
    if (data.definition) {
      popover.appendChild(line("report-popover-definition", data.definition));
    }
    popover.appendChild(line("report-popover-key", (text.dataset.keyLabel || "") + data.key));
    document.body.appendChild(popover);
    owner = figure;
    figure.setAttribute("aria-expanded", "true");
    place(figure);
    shut.focus();
  };

  Array.prototype.forEach.call(figures, function (figure) {
    // The popover takes over from the title's tooltip.
    figure.removeAttribute("title");
    figure.setAttribute("tabindex", "0");
    figure.setAttribute("role", "button");
    figure.setAttribute("aria-haspopup", "dialog");
    figure.setAttribute("aria-expanded", "false");
    figure.addEventListener("click", function (event) {
      event.stopPropagation();
      open(figure);
    });
    figure.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(figure);
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close(true);
    }
  });
  document.addEventListener("click", function (event) {
    if (popover && !popover.contains(event.target)) {
      close(false);
    }
  });
  window.addEventListener("resize", function () {
    if (popover && owner) {
      place(owner);
    }
  });
})();
