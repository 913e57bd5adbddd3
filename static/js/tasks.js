/* Work-plan pages: the dashboard's charts (print buttons: print.js). Data comes from json_script. */
(function () {
  "use strict";
  var COLOURS = { done: "#198754", on_track: "#0b5394", due_soon: "#e0a800", overdue: "#dc3545" };

  function drawCharts() {
    var source = document.getElementById("tasks-chart-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var colours = data.statuses.map(function (s) { return COLOURS[s.key]; });
    var byStatus = document.getElementById("chart-status");
    if (byStatus) {
      new Chart(byStatus, {
        type: "doughnut",
        data: {
          labels: data.statuses.map(function (s) { return s.label; }),
          datasets: [{ data: data.by_status, backgroundColor: colours }]
        }
      });
    }
    var byUnit = document.getElementById("chart-unit");
    if (byUnit) {
      new Chart(byUnit, {
        type: "bar",
        data: {
          labels: data.units,
          datasets: data.statuses.map(function (s) {
            return { label: s.label, data: data.by_unit[s.key], backgroundColor: COLOURS[s.key] };
          })
        },
        options: {
          indexAxis: "y",
          scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } }
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
  });
})();
