// mhcourse serve: runs after textual.js (which has set window.onload) and before the page's load event.
// It points the terminal at this server's websocket, waits for the local font so xterm.js measures
// its cells right, puts the keyboard focus in the terminal, and wires the Start and Start again buttons.
(function () {
  "use strict";

  var terminal = document.getElementById("terminal");
  var here = new URL(window.location.href);

  // textual.js fetches any URL given as ?ping=: this page never asks another host, so drop it.
  if (here.searchParams.has("ping")) {
    here.searchParams.delete("ping");
    window.history.replaceState(null, "", here.pathname + here.search);
  }

  // The websocket on the server and path this page came from, whatever name or address it was opened by.
  var socket = new URL("ws", here.href);
  socket.protocol = here.protocol === "https:" ? "wss:" : "ws:";
  socket.search = "";
  socket.hash = "";
  terminal.dataset.sessionWebsocketUrl = socket.href;

  function focusTerminal() {
    var input = terminal.querySelector("textarea");
    if (input) {
      input.focus();
    }
  }

  function fontReady() {
    if (!document.fonts || !document.fonts.load) {
      return Promise.resolve();
    }
    var size = terminal.dataset.fontSize || "16";
    var wait = new Promise(function (resolve) {
      window.setTimeout(resolve, 3000);
    });
    return Promise.race([document.fonts.load(size + "px 'Roboto Mono'"), wait]).catch(function () {});
  }

  var startTerminal = window.onload;
  window.onload = function (event) {
    fontReady().then(function () {
      if (typeof startTerminal === "function") {
        startTerminal.call(window, event);
      }
      focusTerminal();
    });
  };

  function restart() {
    var url = new URL(window.location.href);
    url.searchParams.delete("delay");
    window.location.href = url.pathname + url.search;
  }

  document.getElementById("start").addEventListener("click", restart);
  var again = document.getElementById("restart");
  again.addEventListener("click", restart);

  // When the session ends, move the focus to "Start again" so a keyboard or screen-reader user finds it.
  new MutationObserver(function () {
    if (document.body.classList.contains("-closed")) {
      again.focus();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
})();
