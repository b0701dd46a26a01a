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
})();
