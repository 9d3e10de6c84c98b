// The report's only behaviour: open or close every explanation, and open them all before
// printing (a closed <details> prints as its summary alone), closing again afterwards.
(function () {
  "use strict";
  var explanations = Array.prototype.slice.call(document.querySelectorAll("details.explanation"));
  function setAll(open) { explanations.forEach(function (details) { details.open = open; }); }

  if (explanations.length > 0) {
    var bar = document.createElement("div");
    bar.className = "controls";
    [["Open every explanation", true], ["Close every explanation", false]].forEach(function (entry) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = entry[0];
      button.addEventListener("click", function () { setAll(entry[1]); });
      bar.appendChild(button);
    });
    var frameworks = document.getElementById("frameworks");
    frameworks.parentNode.insertBefore(bar, frameworks);
  }

  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = explanations.filter(function (details) { return !details.open; });
    setAll(true);
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (details) { details.open = false; });
    closedBeforePrint = [];
  });

  // Marks the page as scripted: a headless browser test checks that this script ran.
  document.documentElement.setAttribute("data-script", "ran");
})();
