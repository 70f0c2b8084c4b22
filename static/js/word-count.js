// Shows the words typed against each answer's limit while the applicant writes.
(function () {
  "use strict";
  function count(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }
  function update(area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var note = document.getElementById(area.id + "_count");
    if (!limit || !note) return;
    var words = count(area.value);
    note.textContent = words + " / " + limit + (words > limit ? " — over the limit" : " words");
    note.classList.toggle("over-limit", words > limit);
  }
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    update(area);
    area.addEventListener("input", function () { update(area); });
  });
})();
