// Queue page: j/k (or arrows) select a row, Enter claims it, n reviews the next item.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.queue-row"));
    var current = -1;
    function select(i) {
      if (!rows.length) return;
      current = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r, k) { r.classList.toggle("selected", k === current); });
      rows[current].querySelector("button.claim").focus();
    }
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || window.triageTyping(ev.target)) return;
      if (ev.key === "j" || ev.key === "ArrowDown") { ev.preventDefault(); select(current + 1); }
      else if (ev.key === "k" || ev.key === "ArrowUp") { ev.preventDefault(); select(current - 1); }
      else if (ev.key === "n") {
        ev.preventDefault();
        document.getElementById("start-next").click();
      }
    });
  });
})();
