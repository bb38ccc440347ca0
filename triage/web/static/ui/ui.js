// Shared by every page: the "?" help dialog (where a page has one).
(function () {
  "use strict";
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable ||
      (tag === "INPUT" && !/^(radio|checkbox|button|submit)$/i.test(el.type));
  }
  window.triageTyping = typing;
  document.addEventListener("DOMContentLoaded", function () {
    var help = document.getElementById("help");
    var button = document.getElementById("help-button");
    if (!help || typeof help.showModal !== "function") return;
    function toggle() { if (help.open) { help.close(); } else { help.showModal(); } }
    if (button) button.addEventListener("click", toggle);
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "?" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !typing(ev.target)) {
        ev.preventDefault();
        toggle();
      }
    });
  });
})();
