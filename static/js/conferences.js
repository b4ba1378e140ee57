// Registration forms: a second click while the first submit is on its way does nothing.
// The server also recognises a form sent twice (its one-time token), so this is only a courtesy.
document.querySelectorAll("form[data-single-submit]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });
});
