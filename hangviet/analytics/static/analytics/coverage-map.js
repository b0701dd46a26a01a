// The coverage map: every commune with coordinates as a circle coloured by its activity in the
// period (red: none, amber: a few, green: five or more), remote and mountainous communes ringed
// in black. The circles stand on their own: without map tiles (offline, or no tile server
// configured) they are drawn on a plain background. The grid below holds every commune.
(function () {
  "use strict";
  var node = document.getElementById("coverage-map");
  var data = document.getElementById("coverage-markers");
  if (!node || !data || typeof L === "undefined") return;
  var markers = JSON.parse(data.textContent || "[]");
  if (!markers.length) return;
  node.hidden = false;
  // SVG circles for a province; a canvas when a whole country of communes is drawn.
  var map = L.map(node, {preferCanvas: markers.length > 1500});
  if (node.dataset.tiles) {
    var tiles = L.tileLayer(node.dataset.tiles, {maxZoom: 16, attribution: node.dataset.attribution});
    // Unreachable tile server (offline, or blocked): drop the layer and its attribution as soon
    // as two tiles have failed and none has loaded; the circles stay.
    var failures = 0, loaded = 0;
    tiles.on("tileload", function () { loaded += 1; });
    tiles.on("tileerror", function () {
      failures += 1;
      if (!loaded && failures >= 2 && map.hasLayer(tiles)) {
        map.removeLayer(tiles);
        var note = document.getElementById("map-note");
        if (note) note.hidden = false;
      }
    });
    tiles.addTo(map);
  }
  var colours = {none: "#c62828", low: "#f9a825", ok: "#2e7d32"};
  var bounds = [];
  markers.forEach(function (m) {
    // Names are data: handed to Leaflet as a text node, never as HTML.
    var label = document.createElement("span");
    label.textContent = m.name + ": " + m.count;
    L.circleMarker([m.lat, m.lng], {
      radius: 7,
      fillColor: colours[m.level],
      fillOpacity: 0.85,
      color: m.flagged ? "#000" : "#fff",
      weight: m.flagged ? 3 : 1
    }).addTo(map).bindTooltip(label);
    bounds.push([m.lat, m.lng]);
  });
  map.fitBounds(bounds, {padding: [20, 20], maxZoom: 12});
})();
