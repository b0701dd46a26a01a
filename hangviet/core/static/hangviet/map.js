// The directory map: markers on tiles when Leaflet and the tile server are reachable; the list
// under the map is always there, so nothing is lost when they are not.
(function () {
  "use strict";
  var node = document.getElementById("map");
  var data = document.getElementById("map-markers");
  if (!node || !data || typeof L === "undefined") return;
  var markers = JSON.parse(data.textContent || "[]");
  if (!markers.length) return;
  node.hidden = false;
  var map = L.map(node);
  var tiles = L.tileLayer(node.dataset.tiles, {maxZoom: 18, attribution: node.dataset.attribution});
  var failures = 0;
  tiles.on("tileerror", function () {
    failures += 1;
    if (failures > 4 && !node.hidden) {  // tiles unreachable: say so; the list stays
      node.hidden = true;
      var note = document.getElementById("map-note");
      if (note) note.hidden = false;
    }
  });
  tiles.addTo(map);
  var bounds = [];
  markers.forEach(function (m) {
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.name + " (" + m.kind + ")";
    L.marker([m.lat, m.lng]).addTo(map).bindPopup(link);
    bounds.push([m.lat, m.lng]);
  });
  map.fitBounds(bounds, {padding: [20, 20], maxZoom: 14});
})();
