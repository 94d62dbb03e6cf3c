/* pytest-bencher web console: the perf plot, drawn with BokehJS (served by this server from the
 * installed bokeh package) from the JSON the page embeds, and the x-axis / y-scale switches. */
(function () {
  "use strict";

  var M;  // BokehJS's models (window.Bokeh.Models), once it has loaded

  // Series colours; the SVG image (svg.py) uses the same list. Red marks alerts.
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f"];
  var ALERT = "#d62728";
  var DISMISSED = "#9aa1ad";
  // Up to this many points per series each point gets a visible marker (more would be clutter).
  var MARKERS_UP_TO = 400;
  // The width (CSS pixels) of BokehJS's vertical toolbar, kept free on the plot's right.
  var TOOLBAR_WIDTH = 30;

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function number(value) {
    return value === null ? "—" : String(Number(value.toPrecision(4)));
  }

  function utc(ms) {
    return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  function column(values, fallback) {
    var out = new Float64Array(values.length);
    for (var k = 0; k < values.length; k++) {
      var v = values[k] !== null ? values[k] : (fallback ? fallback[k] : null);
      out[k] = v === null ? NaN : v;
    }
    return out;
  }

  /* A series' columns for an x-axis kind ("date" or "version"), as typed arrays: x, y and the
   * limits (the baseline where a limit is missing); ``band`` if some point has two limits
   * apart (NaN compares unequal to itself). Plain JavaScript: done before BokehJS is needed. */
  function columns(data, s, xKind) {
    var n = s.value.length;
    var x = new Float64Array(n);
    for (var k = 0; k < n; k++) {
      var r = data.reports[s.report[k]];
      x[k] = xKind === "version" ? r[1] : r[3];
    }
    var hi = column(s.upper, s.base);
    var lo = column(s.lower, s.base);
    var band = false;
    for (k = 0; k < n && !band; k++) {
      band = hi[k] === hi[k] && lo[k] === lo[k] && hi[k] !== lo[k];
    }
    return { x: x, y: column(s.value), hi: hi, lo: lo, band: band };
  }

  /* A renderer of ``glyph`` drawing ``source`` (through ``view``, if given). Nothing is ever
   * selected (a click inspects) or muted (the legend hides), so the selected, unselected and
   * muted looks are the glyph itself rather than three more glyph models derived from it. */
  function renderer(name, glyph, source, view) {
    var attrs = { name: name, glyph: glyph, data_source: source, selection_glyph: glyph,
      nonselection_glyph: glyph, muted_glyph: glyph };
    if (view) { attrs.view = view; }
    return new M.GlyphRenderer(attrs);
  }

  /* One series: its line (the hover and click target), its band and markers. */
  function addSeries(c, i) {
    var color = PALETTE[i % PALETTE.length];
    var source = new M.ColumnDataSource({ data: { x: c.x, y: c.y } });
    var xy = { x: { field: "x" }, y: { field: "y" } };
    var band = null;
    if (c.band) {
      // Its own source: a hover marks points of the line's source, and an area drawn from a
      // source with marked points would be drawn in part.
      band = renderer("band-" + i, new M.VArea({ x: { field: "x" }, y1: { field: "lo" },
        y2: { field: "hi" }, fill_color: color, fill_alpha: 0.13 }),
        new M.ColumnDataSource({ data: { x: c.x, lo: c.lo, hi: c.hi } }));
    }
    var line = renderer("line-" + i, new M.Line(Object.assign({ line_color: color, line_width: 2 },
      xy)), source);
    var drawn = band ? [band, line] : [line];
    // Hover and click find a point on the line itself; markers are drawn only where they help.
    if (c.x.length <= MARKERS_UP_TO) {
      drawn.push(renderer("markers-" + i, new M.Scatter(Object.assign({ size: 6,
        fill_color: color, line_color: color }, xy)), source));
    }
    return { source: source, line: line, fitted: band ? [band, line] : [line], drawn: drawn };
  }

  /* Every series' alerts in one renderer (a triangle up at an upper limit, down at a lower;
   * red while active), showing those of the series shown. */
  function alertMarkers(data, cols) {
    var x = [], y = [], marker = [], color = [], owner = [];
    data.series.forEach(function (s, i) {
      s.alerts.forEach(function (a) {
        x.push(cols[i].x[a[0]]);
        y.push(s.value[a[0]]);
        marker.push(a[2] === "lower" ? "inverted_triangle" : "triangle");
        color.push(a[3] === "active" ? ALERT : DISMISSED);
        owner.push(i);
      });
    });
    var filter = new M.IndexFilter({ indices: null });  // null: all
    var markers = renderer("alerts", new M.Scatter({ x: { field: "x" }, y: { field: "y" },
      size: 14, marker: { field: "marker" }, fill_color: { field: "color" }, line_color: "#fff",
      line_width: 1.5 }), new M.ColumnDataSource({
      data: { x: x, y: y, marker: marker, color: color } }), new M.CDSView({ filter: filter }));
    return {
      renderer: markers,
      show: function (hidden) {
        filter.indices = owner.reduce(function (shown, i, k) {
          if (!hidden[i]) { shown.push(k); }
          return shown;
        }, []);
      }
    };
  }

  /* The hover box, as text: value, series, date, version and hash, report, and the alert. */
  function tooltip(data, lines) {
    return function (source, vars) {
      var line = lines.filter(function (l) { return l.source === source; })[0];
      var k = vars.index;
      var s = line.series;
      var r = data.reports[s.report[k]];
      var box = el("div");
      box.appendChild(el("b", number(s.value[k]) + (s.unit ? " " + s.unit : "")));
      box.appendChild(el("div", s.label));
      box.appendChild(el("div", utc(r[3])));
      var hash = r[2] ? r[2].slice(0, 7) : "no hash";
      box.appendChild(el("div", "version " + r[1] + " · " + hash));
      box.appendChild(el("div", "report " + r[0].slice(0, 8)));
      s.alerts.forEach(function (a) {
        if (a[0] === k) {
          box.appendChild(el("b", "alert: " + a[2] + " limit (" + a[3] + ")"));
        }
      });
      return box;
    };
  }

  /* A click on a line opens the report of the point nearest to it (a line is hit on the
   * segment from point k to k + 1). */
  function openReport(data, lines, event) {
    var line = lines.filter(function (l) { return l.source === event.source; })[0];
    var hit = event.source.inspected.line_indices;
    if (!line || !hit.length) { return; }
    var k = hit[0];
    var x = line.source.data.x;
    var at = event.geometries.x;
    if (k + 1 < x.length && Math.abs(x[k + 1] - at) < Math.abs(x[k] - at)) { k += 1; }
    var uuid = data.reports[line.series.report[k]][0];
    window.location.href = "/console/projects/" + encodeURIComponent(data.project) + "/reports/" +
      uuid;
  }

  /* The plot, built from BokehJS's models (no plotting API): axes, grids, the series (those
   * in ``state.hidden`` hidden) and tools, their buttons too unless ``laterToolbar``. Returns
   * it with ``show(i, shown)`` for the legend. */
  function figure(data, state, cols, laterToolbar) {
    var measures = {};
    data.series.forEach(function (s) {
      measures[s.measure.uuid] = s.measure.name + (s.unit ? " (" + s.unit + ")" : "");
    });
    var log = state.scale === "log";
    var xAxis = state.x === "version"
      ? new M.LinearAxis({ axis_label: "version", ticker: new M.BasicTicker({ min_interval: 1 }),
        formatter: new M.BasicTickFormatter({ use_scientific: false }) })
      : new M.DatetimeAxis();
    var yAxis = new (log ? M.LogAxis : M.LinearAxis)({
      axis_label: Object.keys(measures).map(function (k) { return measures[k]; }).join(", ")
    });
    var lines = data.series.map(function (s, i) {
      var l = addSeries(cols[i], i);
      l.series = s;
      l.drawn.forEach(function (r) { r.visible = !state.hidden[i]; });
      return l;
    });
    var alerts = alertMarkers(data, cols);
    alerts.show(state.hidden);
    var targets = lines.map(function (l) { return l.line; });
    var zoom = new M.BoxZoomTool();
    var tools = [zoom, new M.WheelZoomTool(), new M.PanTool(), new M.ResetTool(), new M.SaveTool(),
      new M.HoverTool({ renderers: targets, tooltips: tooltip(data, lines),
        line_policy: "nearest", point_policy: "snap_to_data" }),
      new M.TapTool({ renderers: targets, behavior: "inspect",
        callback: function (tool, event) { openReport(data, lines, event); } })];
    var grid = { grid_line_color: "#eceef2" };
    // Ranges fit the lines and bands shown: hiding one rescales to the others.
    var fitted = [].concat.apply([], lines.map(function (l) { return l.fitted; }));
    var plot = new M.Plot({
      sizing_mode: "stretch_both",
      title: null,
      x_range: new M.DataRange1d({ only_visible: true, renderers: fitted }),
      y_range: new M.DataRange1d({ only_visible: true, renderers: fitted }),
      x_scale: new M.LinearScale(),
      y_scale: log ? new M.LogScale() : new M.LinearScale(),
      below: [xAxis],
      left: [yAxis],
      center: [new M.Grid(Object.assign({ dimension: 0, ticker: xAxis.ticker }, grid)),
        new M.Grid(Object.assign({ dimension: 1, ticker: yAxis.ticker }, grid))],
      renderers: [].concat.apply([], lines.map(function (l) { return l.drawn; }))
        .concat([alerts.renderer]),
      // The tools work from the start (box zoom on drag, hover, click); on the page's first
      // drawing their buttons are drawn just after the plot (showToolbar), in the room kept
      // for them on the right.
      toolbar: new M.Toolbar({ tools: tools, active_drag: zoom, active_scroll: null, logo: null }),
      toolbar_location: laterToolbar ? null : "right",
      min_border_right: TOOLBAR_WIDTH,
      outline_line_color: null
    });
    return {
      plot: plot,
      show: function (i, shown) {
        lines[i].drawn.forEach(function (r) { r.visible = shown; });
        alerts.show(state.hidden);
      }
    };
  }

  /* The toolbar's buttons (switch between box zoom, wheel zoom and pan; reset; save; hover and
   * click on or off) on the page's first drawing: drawn once the plot is on screen (after the
   * next frame), so the page's first paint of the plot does not wait for them. (A redrawing
   * draws them with the plot, which then does not lose its toolbar for a moment.)
   * #plot[data-toolbar=true] says they are drawn. */
  function showToolbar(doc, holder) {
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        if (Bokeh.documents.indexOf(doc) < 0) { return; }  // redrawn since
        var plot = doc.roots()[0];
        plot.toolbar_location = "right";
        Bokeh.index.find_one(plot).ready.then(function () {
          if (Bokeh.documents.indexOf(doc) < 0) { return; }
          performance.mark("bencher:toolbar-drawn");
          holder.setAttribute("data-toolbar", "true");
        });
      }, 0);
    });
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

  /* Calls ``go`` once BokehJS has run (it loads async, while the page is parsed) or failed. */
  function whenBokeh(go) {
    var script = document.getElementById("bokehjs");
    if (window.Bokeh || !script) { go(); return; }
    var once = function () {
      if (go !== null) { var call = go; go = null; call(); }
    };
    script.addEventListener("load", once);
    script.addEventListener("error", once);
    window.addEventListener("load", once);  // after every async script, so after a failed one
  }

  /* Runs once the page is parsed (this script is deferred): the data is read and its columns
   * built while BokehJS may still be compiling, then the plot is drawn. */
  function initPlot() {
    var holder = document.getElementById("plot");
    var source = document.getElementById("perf-data");
    if (!holder || !source) { return; }
    performance.mark("bencher:plot-start");
    var data = JSON.parse(source.textContent);
    var state = { x: data.x, scale: data.scale, hidden: {} };  // hidden: series index → true
    var cols = {};  // by x-axis kind
    function columnsFor(xKind) {
      if (!cols[xKind]) {
        cols[xKind] = data.series.map(function (s) { return columns(data, s, xKind); });
      }
      return cols[xKind];
    }
    columnsFor(state.x);
    var shown = null;  // the Bokeh document on screen
    var current = null;  // its figure (for the legend)
    document.querySelectorAll(".swatch[data-index]").forEach(function (swatch) {
      swatch.style.background = PALETTE[Number(swatch.getAttribute("data-index")) % PALETTE.length];
    });
    // The legend (HTML, under the plot): a click hides a series or shows it again.
    document.querySelectorAll("#legend button[data-index]").forEach(function (button) {
      button.addEventListener("click", function () {
        var i = Number(button.getAttribute("data-index"));
        var hide = !state.hidden[i];
        state.hidden[i] = hide;
        button.setAttribute("aria-pressed", hide ? "false" : "true");
        if (current !== null) { current.show(i, !hide); }
      });
    });

    // Each drawing is a new Bokeh document (axis types are fixed once a plot is built); the
    // previous one is removed, so Bokeh.documents[0] is always the plot on screen. Drawings
    // run one after the other.
    var drawn = Promise.resolve();
    function draw() {
      drawn = drawn.then(redraw);
      return drawn;
    }
    function redraw() {
      holder.setAttribute("data-ready", "false");
      holder.setAttribute("data-toolbar", "false");
      if (shown !== null) {
        shown.clear();
        Bokeh.documents.splice(Bokeh.documents.indexOf(shown), 1);
      }
      var first = shown === null;
      var doc = new (Bokeh.require("document").Document)();
      current = figure(data, state, columnsFor(state.x), first);
      doc.add_root(current.plot);
      return Bokeh.embed.add_document_standalone(doc, holder).then(function () {
        shown = doc;
        return new Promise(function (done) {
          if (shown.is_idle) { done(); } else { shown.idle.connect(function () { done(); }); }
        });
      }).then(function () {
        holder.setAttribute("data-x", state.x);
        holder.setAttribute("data-scale", state.scale);
        holder.setAttribute("data-ready", "true");
        if (first) {
          showToolbar(doc, holder);
        } else {
          holder.setAttribute("data-toolbar", "true");
        }
      });
    }

    whenBokeh(function () {
      if (!window.Bokeh || !window.Bokeh.Models) {
        holder.textContent = "The plotting library did not load.";
        return;
      }
      M = Bokeh.Models;
      draw().then(function () {
        performance.mark("bencher:plot-ready");
        window.bencherPerf = { readyMs: performance.now(), points: data.series.reduce(
          function (sum, s) { return sum + s.value.length; }, 0) };
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
            draw();
          });
        });
      });
    });
  }

  initPlot();
}());
