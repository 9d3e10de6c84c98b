// Every script error and console.error on this page is listed in #script-errors (shown when
// there is one), so a reader sees that something failed and a headless browser test can fail.
(function () {
  "use strict";
  var pending = [];
  function record(message) {
    var list = document.getElementById("script-errors");
    if (!list) { pending.push(message); return; }
    var item = document.createElement("li");
    item.textContent = "script error: " + message;
    list.appendChild(item);
    list.hidden = false;
    document.documentElement.setAttribute("data-script-errors", String(list.children.length));
  }
  window.addEventListener("error", function (event) { record(String(event.message || event.type)); });
  window.addEventListener("unhandledrejection", function (event) { record("unhandled rejection: " + String(event.reason)); });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.map.call(arguments, String).join(" "));
    return consoleError.apply(console, arguments);
  };
  document.addEventListener("DOMContentLoaded", function () { pending.splice(0).forEach(record); });
})();
