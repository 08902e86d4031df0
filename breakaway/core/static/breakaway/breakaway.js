/*
 * Small enhancements; every page works without them. Loaded with `defer` from base.html:
 * the Content-Security-Policy allows no inline scripts, so behaviour lives here.
 */
(function () {
  "use strict";

  // Move focus to the first [data-autofocus] element (the error summary), so screen
  // reader and keyboard users learn about errors first.
  function focusMarked(root) {
    var element = (root || document).querySelector("[data-autofocus]");
    if (element) {
      element.focus();
    }
  }

  // An error summary link focuses its field and scrolls its label or legend into view,
  // so the question is visible as well as the input (the GOV.UK behaviour).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
      return;
    }
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = legend || document.querySelector("label[for='" + CSS.escape(input.id) + "']");
    event.preventDefault();
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      focusMarked(document);
    });
  } else {
    focusMarked(document);
  }

  // After htmx swaps in new content (a form returned with errors), do the same there.
  document.addEventListener("htmx:afterSettle", function (event) {
    focusMarked(event.target);
  });
})();
