// Only enhances the page: every page works without it.
// After an answer, move focus to its feedback so a screen reader reads it at once.
document.addEventListener("DOMContentLoaded", function () {
  var feedback = document.getElementById("feedback");
  if (feedback) {
    feedback.focus();
  }
});
