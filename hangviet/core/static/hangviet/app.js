// hangviet: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Activity forms: picking what was done fills in its usual channel and measure.
  var defaultsNode = document.getElementById("kind-defaults");
  if (defaultsNode) {
    var defaults = JSON.parse(defaultsNode.textContent || "{}");
    document.querySelectorAll("[data-kind-form]").forEach(function (form) {
      var kind = form.querySelector("[name=kind]");
      if (!kind) return;
      kind.addEventListener("change", function () {
        var d = defaults[kind.value];
        if (!d) return;
        var channel = form.querySelector("[name=channel]");
        var measure = form.querySelector("[name=measure]");
        if (channel) channel.value = d.channel;
        if (measure) measure.value = d.measure;
      });
    });
  }
  // The report's figures: the reason is asked for when a figure differs from its evidence
  // (without this script, the reason is always shown).
  document.querySelectorAll("[data-figure]").forEach(function (block) {
    var input = block.querySelector("[data-computed]");
    var reason = block.querySelector("[data-reason]");
    if (!input || !reason) return;
    var reasonInput = reason.querySelector("input");
    function update() {
      var same = input.value.replace(/[.\s]/g, "") === input.dataset.computed;
      reason.hidden = same && !reasonInput.value;
    }
    input.addEventListener("input", update);
    update();
  });
  // "Print" buttons: shown only where a script can print (no inline handler: CSP).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // The consolidated report: after a section is saved, every form on the page carries the
  // new lock version (the server sends it in X-Lock-Version), so the next save is not
  // mistaken for someone else's edit.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var lock = xhr && xhr.getResponseHeader("X-Lock-Version");
    if (!lock) return;
    document.querySelectorAll("input.lock, input[name=lock_version][type=hidden]").forEach(
      function (input) { input.value = lock; }
    );
  });
})();
