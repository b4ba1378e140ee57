// Enhancements on top of Det Fælles Designsystem. Everything works without JavaScript.
document.documentElement.classList.remove("no-js");

// Accordions marked data-collapse-below="992" start closed on screens narrower than that (the
// library's filters on a phone), open on wider ones, and open again when the screen widens.
document.querySelectorAll("[data-collapse-below]").forEach(function (accordion) {
  var narrow = window.matchMedia("(max-width: " + (accordion.dataset.collapseBelow - 0.02) + "px)");
  var button = accordion.querySelector(".accordion-button");
  if (narrow.matches) {
    button.setAttribute("aria-expanded", "false");
  }
  narrow.addEventListener("change", function () {
    if (!narrow.matches && button.getAttribute("aria-expanded") === "false") {
      button.click();
    }
  });
});

// GET forms marked data-omit-empty leave empty fields and defaults out of the address
// (?vaerdi=tillid, not ?q=&vaerdi=tillid&kommune=&type=&sorter=nyeste).
document.querySelectorAll("form[data-omit-empty]").forEach(function (form) {
  var defaults = { sorter: "nyeste" };
  form.addEventListener("formdata", function (event) {
    var empty = [];
    event.formData.forEach(function (value, name) {
      var text = String(value).trim();
      if (text === "" || defaults[name] === text) {
        empty.push(name);
      }
    });
    empty.forEach(function (name) {
      var kept = event.formData.getAll(name).filter(function (value) {
        var text = String(value).trim();
        return text !== "" && defaults[name] !== text;
      });
      event.formData.delete(name);
      kept.forEach(function (value) {
        event.formData.append(name, value);
      });
    });
  });
});

DKFDS.init();

// After applying the library's filters the page opens at the results (#resultater): once the
// filters have closed on a small screen, bring the result count and first result into view.
if (window.location.hash === "#resultater") {
  var results = document.getElementById("resultater");
  if (results) {
    results.scrollIntoView();
  }
}
