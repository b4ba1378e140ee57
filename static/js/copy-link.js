// The copy-link button of case and guidance pages. Without JavaScript the address stays
// visible in its read-only field; with it, a button copies the address in one press.
(function () {
  document.querySelectorAll(".js-copy-link").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentElement.querySelector(".js-copy-status");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        status.textContent = "Linket er kopieret.";
      };
      var fallback = function () {
        field.select();
        status.textContent = "Linket er markeret. Tryk Ctrl+C for at kopiere det.";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
