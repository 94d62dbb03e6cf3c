/* pytest-bencher web console: the perf plot (plotly.js, served by this server), picker
 * filters, and alert status changes through the API with the session's CSRF token. */
(function () {
  "use strict";

  // Series colours; the SVG image (svg.py) uses the same list. Red marks alerts.
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f"];
  var ALERT = "#d62728";
  var DISMISSED = "#9aa1ad";

  function flash(message, bad) {
    var box = document.getElementById("flash");
    if (!box) { return; }
    box.textContent = message;
    box.className = bad ? "flash bad" : "flash";
    box.hidden = false;
    window.clearTimeout(flash.timer);
    flash.timer = window.setTimeout(function () { box.hidden = true; }, 4000);
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  /* ---- alerts: dismiss / re-activate through PATCH /v0/projects/{p}/alerts/{a} ---- */
  var LABELS = { dismissed: "Dismiss", active: "Re-activate" };

  function recount(from, to) {
    [[from, -1], [to, 1]].forEach(function (change) {
      var count = document.querySelector('nav.filters a[data-status="' + change[0] + '"] .count');
      if (count) { count.textContent = String(Number(count.textContent) + change[1]); }
    });
  }

  function changeAlert(button) {
    var target = button.getAttribute("data-status");
    var url = "/v0/projects/" + encodeURIComponent(button.getAttribute("data-project")) +
      "/alerts/" + encodeURIComponent(button.getAttribute("data-alert"));
    button.disabled = true;
    fetch(url, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify({ status: target })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) { throw new Error(result.body.message || "the change was refused"); }
      var row = button.closest("tr");
      var status = result.body.status;
      recount(row.getAttribute("data-status"), status);
      row.setAttribute("data-status", status);
      var badge = row.querySelector('[data-role="status"]');
      badge.textContent = status;
      badge.className = "badge " + status;
      var next = status === "active" ? "dismissed" : "active";
      button.setAttribute("data-status", next);
      button.textContent = LABELS[next];
      flash("Alert " + (status === "active" ? "re-activated" : "dismissed") + ".");
    }).catch(function (error) {
      flash(error.message, true);
    }).then(function () { button.disabled = false; });
  }

  function initAlerts() {
    document.querySelectorAll("button[data-alert]").forEach(function (button) {
      button.addEventListener("click", function () { changeAlert(button); });
    });
  }

  /* ---- pickers: filter long option lists as you type ---- */
  function initFilters() {
    document.querySelectorAll("input.filter[data-for]").forEach(function (input) {
      var select = document.getElementById(input.getAttribute("data-for"));
      input.addEventListener("input", function () {
        var needle = input.value.toLowerCase();
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = needle !== "" && !option.selected &&
            option.textContent.toLowerCase().indexOf(needle) < 0;
        });
      });
    });
  }

  /* ---- the perf plot ---- */
  function traces(data, xKind) {
    var reports = data.reports;
    var out = [];
    data.series.forEach(function (s, i) {
      var color = PALETTE[i % PALETTE.length];
      var n = s.value.length;
      var x = new Array(n), custom = new Array(n), hi = new Array(n), lo = new Array(n);
      var band = false;
      for (var k = 0; k < n; k++) {
        var r = reports[s.report[k]];
        x[k] = xKind === "version" ? r[1] : r[3];
        custom[k] = [r[2] ? r[2].slice(0, 7) : "no hash", r[0].slice(0, 8), r[1], r[0], ""];
        hi[k] = s.upper[k] !== null ? s.upper[k] : s.base[k];
        lo[k] = s.lower[k] !== null ? s.lower[k] : s.base[k];
        band = band || (hi[k] !== null && lo[k] !== null && hi[k] !== lo[k]);
      }
      s.alerts.forEach(function (a) {
        custom[a[0]][4] = "<br><b>alert: " + a[2] + " limit</b> (" + a[3] + ")";
      });
      var group = "s" + i;
      var name = escapeText(s.label);
      var unit = escapeText(s.unit || "");
      if (band) {
        out.push({ type: "scatter", mode: "lines", x: x, y: hi, uid: group + "-hi",
          line: { width: 0, color: color }, hoverinfo: "skip",
          legendgroup: group, showlegend: false });
        out.push({ type: "scatter", mode: "lines", x: x, y: lo, uid: group + "-lo",
          line: { width: 0, color: color }, fill: "tonexty",
          fillcolor: rgba(color, 0.13), hoverinfo: "skip", legendgroup: group, showlegend: false });
      }
      out.push({
        type: "scatter", mode: n <= 400 ? "lines+markers" : "lines", name: name, uid: group,
        x: x, y: s.value, customdata: custom, legendgroup: group,
        line: { color: color, width: 2 }, marker: { color: color, size: 6 },
        hovertemplate: "<b>%{y:.4~g} " + unit + "</b><br>%{x}<br>version %{customdata[2]} · " +
          "%{customdata[0]}<br>report %{customdata[1]}%{customdata[4]}<extra>" + name + "</extra>"
      });
      if (s.alerts.length) {
        var ax = [], ay = [], ac = [], symbols = [], colors = [];
        s.alerts.forEach(function (a) {
          var k = a[0];
          ax.push(x[k]); ay.push(s.value[k]);
          ac.push(custom[k]);
          symbols.push(a[2] === "lower" ? "triangle-down" : "triangle-up");
          colors.push(a[3] === "active" ? ALERT : DISMISSED);
        });
        out.push({
          type: "scatter", mode: "markers", name: name + " alerts", uid: group + "-alerts",
          x: ax, y: ay, customdata: ac, legendgroup: group, showlegend: false,
          marker: { symbol: symbols, size: 14, color: colors, line: { color: "#fff", width: 1.5 } },
          hoverinfo: "skip"
        });
      }
    });
    return out;
  }

  function layout(data, state) {
    var measures = {};
    data.series.forEach(function (s) {
      measures[s.measure.uuid] = s.measure.name + (s.unit ? " (" + s.unit + ")" : "");
    });
    var names = Object.keys(measures).map(function (k) { return measures[k]; });
    return {
      margin: { l: 72, r: 24, t: 16, b: 56 },
      hovermode: "closest",
      showlegend: true,
      legend: { orientation: "h", x: 0, y: -0.14, yanchor: "top" },
      font: { family: "-apple-system, Segoe UI, Helvetica, Arial, sans-serif", size: 12 },
      xaxis: { type: state.x === "version" ? "linear" : "date",
        title: { text: state.x === "version" ? "version" : "" }, gridcolor: "#eceef2",
        tickformat: state.x === "version" ? "d" : undefined },
      yaxis: { type: state.scale, title: { text: escapeText(names.join(", ")) },
        gridcolor: "#eceef2", zeroline: false, exponentformat: "SI" },
      plot_bgcolor: "#fff", paper_bgcolor: "#fff"
    };
  }

  function setQuery(key, value) {
    var url = new URL(window.location.href);
    url.searchParams.set(key, value);
    window.history.replaceState(null, "", url.toString());
    var hidden = document.querySelector('#pickers input[type="hidden"][name="' + key + '"]');
    if (hidden) { hidden.value = value; }
    document.querySelectorAll(".ranges a").forEach(function (link) {
      var target = new URL(link.href);
      target.searchParams.set(key, value);
      link.href = target.toString();
    });
  }

  function initPlot() {
    var holder = document.getElementById("plot");
    var source = document.getElementById("perf-data");
    if (!holder || !source) { return; }
    if (typeof window.Plotly === "undefined") {
      holder.textContent = "The plotting library did not load.";
      return;
    }
    performance.mark("bencher:plot-start");
    var data = JSON.parse(source.textContent);
    var state = { x: data.x, scale: data.scale };
    var config = { displaylogo: false, responsive: true, scrollZoom: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d"] };
    document.querySelectorAll(".swatch[data-index]").forEach(function (el) {
      el.style.background = PALETTE[Number(el.getAttribute("data-index")) % PALETTE.length];
    });
    var draw = function () {
      return window.Plotly.react(holder, traces(data, state.x), layout(data, state), config);
    };
    draw().then(function () {
      performance.mark("bencher:plot-ready");
      window.bencherPerf = { readyMs: performance.now(), points: data.series.reduce(
        function (sum, s) { return sum + s.value.length; }, 0) };
      holder.setAttribute("data-ready", "true");
      holder.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var uuid = point && point.customdata && point.customdata[3];
        if (uuid) { window.location.href = "/console/projects/" + data.project + "/reports/" + uuid; }
      });
    });
    document.querySelectorAll(".segmented[data-control]").forEach(function (group) {
      var control = group.getAttribute("data-control");
      group.querySelectorAll("button[data-value]").forEach(function (button) {
        button.addEventListener("click", function () {
          var value = button.getAttribute("data-value");
          if (state[control] === value) { return; }
          state[control] = value;
          group.querySelectorAll("button").forEach(function (b) {
            b.setAttribute("aria-pressed", b === button ? "true" : "false");
          });
          setQuery(control, value);
          if (control === "scale") {
            window.Plotly.relayout(holder, { "yaxis.type": value, "yaxis.autorange": true });
          } else {
            draw();
          }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initAlerts();
    initFilters();
    initPlot();
  });
}());
