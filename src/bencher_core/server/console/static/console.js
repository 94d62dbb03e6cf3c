/* pytest-bencher web console: picker filters, and alert status changes through the API with the
 * session's CSRF token (the perf plot is perf.js). */
(function () {
  "use strict";

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

  document.addEventListener("DOMContentLoaded", function () {
    initAlerts();
    initFilters();
  });
}());
