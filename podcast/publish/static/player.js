// Chapter buttons seek the page's audio. A file, not inline, because the page's CSP forbids inline JS.
(function () {
  "use strict";

  function init() {
    var audio = document.querySelector("audio[data-player]");
    if (!audio) {
      return;
    }
    var buttons = document.querySelectorAll("button[data-start]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var start = parseFloat(button.getAttribute("data-start"));
        if (!isFinite(start)) {
          return;
        }
        audio.currentTime = start;
        var playing = audio.play();
        if (playing && typeof playing.catch === "function") {
          playing.catch(function () {});
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
