// Live "characters left" counters for length-limited textareas (marked data-char-counter by the form).
(function () {
  "use strict";
  function attach(area) {
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    var template = area.getAttribute("data-char-counter");
    if (!limit || !template) { return; }
    var counter = document.createElement("div");
    counter.className = "char-count";
    counter.id = area.id + "-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var left = limit - area.value.length;
      counter.textContent = template.replace("{count}", area.value.length).replace("{left}", left);
    }
    area.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("textarea[data-char-counter]").forEach(attach);
})();
