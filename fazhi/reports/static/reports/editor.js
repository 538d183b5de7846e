/* The annual report's section editor: the figure picker inserts a figure token at the caret
   of the section's text, written as the reading form says (exact, approximate, in words, its
   own unit and days); the search box filters the picker; the preview follows the text as it
   is typed. No library, no inline script (the CSP allows 'self' only). Without this script
   the page still works: the tokens are copied by hand and 预览 posts the form. */
(function () {
  "use strict";
  var text = document.querySelector("[data-report-text]");
  var preview = document.querySelector("[data-section-preview]");
  var picker = document.querySelector("[data-figure-picker]");
  if (!text) {
    return;
  }
  var form = text.form;
  var csrf = form ? form.querySelector("[name=csrfmiddlewaretoken]") : null;

  // Where the next figure goes: the caret (or selection) as the text last had it; the end of
  // the text until the writer has placed it.
  var caret = null;
  var remember = function () {
    caret = { start: text.selectionStart, end: text.selectionEnd };
  };
  ["keyup", "mouseup", "select", "input", "focus"].forEach(function (name) {
    text.addEventListener(name, remember);
  });

  // --- the preview ---------------------------------------------------------------------------
  var timer = null;
  var sent = 0;
  var refresh = function () {
    if (!preview || !window.fetch || !csrf) {
      return;
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf.value);
    body.append("text", text.value);
    var number = ++sent;
    preview.setAttribute("aria-busy", "true");
    fetch(preview.getAttribute("data-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          return { ok: response.ok, html: html };
        });
      })
      .then(function (result) {
        if (number !== sent) {
          return; // a later preview is on its way
        }
        preview.removeAttribute("aria-busy");
        if (result.ok) {
          preview.innerHTML = result.html;
        }
      })
      .catch(function () {
        preview.removeAttribute("aria-busy");
      });
  };
  text.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  var previewButton = form ? form.querySelector("[data-preview-button]") : null;
  if (previewButton && window.fetch) {
    previewButton.addEventListener("click", function (event) {
      event.preventDefault();
      refresh();
    });
  }

  if (!picker) {
    return;
  }

  // --- the reading of the next figure ---------------------------------------------------------
  var reading = picker.querySelector("[data-figure-reading]");
  reading.hidden = false;
  var field = function (name) {
    return reading.querySelector("[name=" + name + "]");
  };
  var clean = function (value) {
    // A unit word cannot hold the token's own delimiters.
    return value.replace(/[|{}=\s]/g, "");
  };
  var token = function (key, whole) {
    var options = [];
    var approx = reading.querySelector("[name=reading]:checked").value === "approx";
    if (approx && whole) {
      options.push("approx=" + field("step").value);
    }
    if (field("words").checked && whole) {
      options.push("words");
    }
    if (field("no_unit").checked) {
      options.push("unit=");
    } else if (clean(field("unit").value)) {
      options.push("unit=" + clean(field("unit").value));
    }
    if (field("from").value) {
      options.push("from=" + field("from").value);
    }
    if (field("to").value) {
      options.push("to=" + field("to").value);
    }
    return "{{fig:" + [key].concat(options).join("|") + "}}";
  };
  var insert = function (value) {
    var start = caret ? caret.start : text.value.length;
    var end = caret ? caret.end : text.value.length;
    text.value = text.value.slice(0, start) + value + text.value.slice(end);
    var after = start + value.length;
    text.focus();
    text.setSelectionRange(after, after);
    caret = { start: after, end: after };
    text.dispatchEvent(new Event("input", { bubbles: true }));
  };
  picker.addEventListener("click", function (event) {
    var button = event.target.closest(".figure-insert");
    if (!button) {
      return;
    }
    event.preventDefault();
    insert(token(button.getAttribute("data-key"), button.getAttribute("data-whole") === "1"));
  });

  // --- the search box -------------------------------------------------------------------------
  var search = picker.querySelector("[data-figure-search]");
  var rows = Array.prototype.slice.call(picker.querySelectorAll("[data-figure]"));
  var chapters = Array.prototype.slice.call(picker.querySelectorAll("[data-figure-chapter]"));
  var none = picker.querySelector("[data-figure-none]");
  var filter = function () {
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var haystack = row.getAttribute("data-search").toLowerCase();
      row.hidden = !words.every(function (word) {
        return haystack.indexOf(word) >= 0;
      });
    });
    var shown = 0;
    chapters.forEach(function (chapter) {
      var visible = chapter.querySelectorAll("[data-figure]:not([hidden])").length;
      chapter.hidden = visible === 0;
      shown += visible;
    });
    if (none) {
      none.hidden = shown > 0;
    }
  };
  if (search) {
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
    });
  }
})();
