// Only enhances the page: every page works without it.
// After an answer, move focus to its feedback so a screen reader reads it at once.
document.addEventListener("DOMContentLoaded", function () {
  var feedback = document.getElementById("feedback");
  if (feedback) {
    feedback.focus();
  }
});

// A lesson keeps where the learner was reading (the part at the top of the window) as they leave it.
// Without this the Done form keeps the part the lesson opened at, and the page works the same.
document.addEventListener("DOMContentLoaded", function () {
  var body = document.querySelector(".lesson-body[data-place]");
  if (!body || !navigator.sendBeacon) {
    return;
  }
  var parts = body.querySelectorAll('[id^="part-"]');
  var kept = body.getAttribute("data-part") || "0";
  var token = document.querySelector('input[name="csrf"]');

  function partInView() {
    var found = 0;
    if (window.scrollY <= 0) {
      return "0";
    }
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].getBoundingClientRect().top > 4) {
        break;
      }
      found = parseInt(parts[i].id.slice(5), 10);
    }
    return String(found);
  }

  function keep() {
    var part = partInView();
    var inputs = document.querySelectorAll('.lesson-moves input[name="part"]');
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].value = part;
    }
    if (part === kept || !token) {
      return;
    }
    var data = new FormData();
    data.append("csrf", token.value);
    data.append("part", part);
    data.append("beacon", "1");
    if (navigator.sendBeacon(body.getAttribute("data-place"), data)) {
      kept = part;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      keep();
    }
  });
  window.addEventListener("pagehide", keep);
  var moves = document.querySelector(".lesson-moves form");
  if (moves) {
    moves.addEventListener("submit", function () {
      var inputs = document.querySelectorAll('.lesson-moves input[name="part"]');
      for (var i = 0; i < inputs.length; i++) {
        inputs[i].value = partInView();
      }
    });
  }
});
