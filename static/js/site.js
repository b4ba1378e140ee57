// Enhancements on top of Det Fælles Designsystem. Everything works without JavaScript.
document.documentElement.classList.remove("no-js");
DKFDS.init();
