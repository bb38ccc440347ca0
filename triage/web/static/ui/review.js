// Review page shortcuts. Every action also works with Tab, arrows, Space and Enter;
// these keys only make the common path faster. Keys are ignored while typing.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("review-form");
    if (!form) return;
    var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset.group"));
    var status = document.getElementById("form-status");
    var reason = document.getElementById("reason");
    var current = null;
    var initial = new FormData(form);

    function say(text) { if (status) status.textContent = text; }
    function inputs(group) { return Array.prototype.slice.call(group.querySelectorAll("input")); }
    function setCurrent(group, focus) {
      groups.forEach(function (g) { g.classList.toggle("current", g === group); });
      current = group;
      if (focus) {
        var list = inputs(group);
        var target = list.filter(function (i) { return i.checked; })[0] || list[0];
        if (target) target.focus();
      }
    }
    function dirty() {
      var now = new FormData(form);
      var keys = ["event_type", "event_kind", "harm"];
      for (var i = 0; i < keys.length; i++) {
        if (now.get(keys[i]) !== initial.get(keys[i])) return true;
      }
      return now.getAll("factors").sort().join() !== initial.getAll("factors").sort().join();
    }
    function submit(action) {
      var button = form.querySelector('button[name="action"][value="' + action + '"]');
      if (button) form.requestSubmit(button);
    }

    groups.forEach(function (g) {
      g.addEventListener("focusin", function () { setCurrent(g, false); });
    });
    setCurrent(groups[0], false);

    if (reason) {
      reason.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape") { ev.preventDefault(); reason.blur(); setCurrent(current, true); }
        else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); submit("correct"); }
      });
    }

    var acceptArmed = false;
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || window.triageTyping(ev.target)) return;
      var help = document.getElementById("help");
      if (help && help.open) return;
      var key = ev.key;
      var byKey = groups.filter(function (g) { return g.dataset.key === key; })[0];
      if (byKey) { ev.preventDefault(); setCurrent(byKey, true); say(byKey.querySelector("legend").textContent.trim()); return; }
      if (/^[0-9]$/.test(key) && current) {
        var option = current.querySelector('input[data-shortcut="' + key + '"]');
        if (!option) return;
        ev.preventDefault();
        if (option.type === "checkbox") { option.checked = !option.checked; } else { option.checked = true; }
        option.focus();
        option.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      if (key === "r" && reason) { ev.preventDefault(); reason.focus(); return; }
      if (key === "a") {
        ev.preventDefault();
        if (dirty() && !acceptArmed) {
          acceptArmed = true;
          say("You changed codes: press c to save them, or a again to accept the model's codes.");
          return;
        }
        submit("accept");
        return;
      }
      if (key === "c") { ev.preventDefault(); submit("correct"); return; }
      if (key === "s") {
        var skip = document.querySelector("#skip-form button");
        if (skip && !skip.disabled) { ev.preventDefault(); document.getElementById("skip-form").requestSubmit(); }
        return;
      }
      if (key === "n") { ev.preventDefault(); document.getElementById("next-form").requestSubmit(); }
    });
  });
})();
