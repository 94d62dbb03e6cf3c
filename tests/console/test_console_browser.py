"""The console in a real browser: Debian's Chromium, driven by Playwright, against a real
``bencher server`` process seeded through its API.

Every test records each request the page makes (all must go to the server itself), page
errors and console errors (there must be none), and saves a screenshot under
``test-artifacts/console/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.console.live import (
    ADMIN_TOKEN,
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    require_browser,
    start_server,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "console"
RUNS = 12
PERF = (
    "/console/projects/demo/perf?branches=main&testbeds=ci&benchmarks=fast&benchmarks=steady"
    "&measures=latency"
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The server with project ``demo`` (public: ``fast`` regresses on the last of 12 runs,
    ``steady`` does not) and ``secret`` (private)."""
    require_browser()
    server = start_server(tmp_path_factory.mktemp("live"))
    try:
        for name, visibility in (("demo", "public"), ("secret", "private")):
            r = server.api.post("/v0/projects", json={"name": name, "visibility": visibility})
            assert r.status_code == 201, r.text
        for i in range(RUNS):
            fast = 100.0 + i % 3 if i < RUNS - 1 else 160.0
            report = server.run("demo", {"fast": fast, "steady": 50.0 + i % 2}, f"{i + 1:040x}")
        server.facts["report"] = report["uuid"]
        server.facts["alert"] = report["alerts"][0]["uuid"]
        server.run("secret", {"hidden": 1.0}, "a" * 40)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def context(live: LiveServer) -> Iterator[Any]:
    """One browser profile for the module, so BokehJS is fetched once (as a browser would)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        profile = chromium.new_context(viewport={"width": 1360, "height": 900})
        yield profile
        profile.close()
        chromium.close()


@dataclass
class Watched:
    """A page and what it did: every request URL, page errors and console errors."""

    page: Any
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        response = self.page.goto(self.origin + path)
        assert response is not None and response.ok, path

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        """Nothing left the server and nothing went wrong."""
        local = (self.origin + "/", "data:", "blob:", "about:")
        assert [u for u in self.requests if not u.startswith(local)] == []
        assert self.errors == []


@pytest.fixture
def watched(context: Any, live: LiveServer) -> Iterator[Watched]:
    """A fresh page, signed out."""
    context.clear_cookies()
    page = context.new_page()
    w = Watched(page, live.origin)
    page.on("request", lambda request: w.requests.append(request.url))
    page.on("pageerror", lambda error: w.errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: w.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    yield w
    page.close()


def _sign_in(w: Watched, token: str = ADMIN_TOKEN) -> None:
    w.page.fill("#token", token)
    w.page.click("form.stack button[type=submit]")
    w.page.wait_for_load_state()


#: The plot on screen, read from Bokeh's document model: each renderer's name (``line-0``,
#: ``band-0``, ``markers-0`` …, and ``alerts``, every series' alerts), glyph, number of points
#: it holds, visibility and number of points it shows.
RENDERERS = """() => Bokeh.documents[0].roots()[0].renderers.map(r => ({
    name: r.name, glyph: r.glyph.type, points: r.data_source.get_length(), visible: r.visible,
    shown: r.view.indices.count}))"""
#: Where a renderer's point ``k`` is on the page (CSS pixels), and the colour painted there.
WHERE = """([name, k]) => {
    const fig = Bokeh.documents[0].roots()[0];
    const view = Bokeh.index.find_one(fig);
    const data = fig.renderers.find(r => r.name === name).data_source.data;
    const sx = view.frame.x_scale.compute(data.x[k]);
    const sy = view.frame.y_scale.compute(data.y[k]);
    const ratio = view.canvas_view.pixel_ratio;
    const rgb = view.canvas_view.primary.ctx.getImageData(sx * ratio, sy * ratio, 1, 1).data;
    const box = view.el.getBoundingClientRect();
    return {x: box.left + sx, y: box.top + sy, rgb: [rgb[0], rgb[1], rgb[2]]};
}"""
#: The toolbar's place and tools, and the drag tool that is on.
TOOLBAR = """() => { const toolbar = Bokeh.documents[0].roots()[0].toolbar;
    return [Bokeh.documents[0].roots()[0].toolbar_location, toolbar.tools.map(t => t.type),
        toolbar.active_drag.type]; }"""
LINE_0 = "Bokeh.documents[0].roots()[0].renderers.find(r => r.name === 'line-0')"
FIGURE = """() => { const fig = Bokeh.documents[0].roots()[0];
    return [Bokeh.documents.length, fig.below[0].type, fig.left[0].type, fig.y_scale.type]; }"""


def _drawn(w: Watched, **state: str) -> None:
    """Wait until the plot is drawn (in ``state``: x=…, scale=…)."""
    marks = "".join(f"[data-{k}={v}]" for k, v in state.items())
    w.page.wait_for_selector(f"#plot[data-ready=true]{marks}")


def test_the_perf_plot_draws_every_point_its_band_and_the_alert(watched: Watched) -> None:
    watched.go(PERF)
    _drawn(watched)

    drawn = {r["name"]: (r["glyph"], r["points"]) for r in watched.page.evaluate(RENDERERS)}
    alert = watched.page.evaluate(WHERE, ["alerts", 0])
    watched.page.mouse.move(alert["x"], alert["y"])
    tip = watched.page.get_by_text("alert: upper limit (active)")  # Bokeh's tooltip, a text box
    tip.wait_for()
    hover = tip.locator("xpath=..").inner_text()
    watched.page.wait_for_selector("#plot[data-toolbar=true]")  # drawn just after the plot
    toolbar = watched.page.evaluate(TOOLBAR)

    assert drawn == {
        "band-0": ("VArea", RUNS),
        "line-0": ("Line", RUNS),
        "markers-0": ("Scatter", RUNS),
        "band-1": ("VArea", RUNS),
        "line-1": ("Line", RUNS),
        "markers-1": ("Scatter", RUNS),
        "alerts": ("Scatter", 1),
    }
    assert alert["rgb"] == [214, 39, 40]
    assert hover.splitlines()[:2] == ["160 ns", "fast"]
    assert toolbar == [
        "right",
        [
            "BoxZoomTool",
            "WheelZoomTool",
            "PanTool",
            "ResetTool",
            "SaveTool",
            "HoverTool",
            "TapTool",
        ],
        "BoxZoomTool",
    ]
    watched.shot("perf")
    watched.assert_clean()


def test_the_plot_switches_axes_and_hides_a_series_from_its_legend(watched: Watched) -> None:
    watched.go(PERF)
    _drawn(watched)
    before = watched.page.evaluate(FIGURE)

    watched.page.click("[data-control=x] button[data-value=version]")
    _drawn(watched, x="version")
    watched.page.click("[data-control=scale] button[data-value=log]")
    _drawn(watched, x="version", scale="log")
    switched = watched.page.evaluate(FIGURE)
    switched_url = watched.page.url
    # A redrawn plot has its toolbar from the start.
    redrawn_toolbar = [
        watched.page.get_attribute("#plot", "data-toolbar"),
        watched.page.evaluate(TOOLBAR)[0],
    ]
    fast = watched.page.locator("#legend button", has_text="fast")
    fast.click()
    watched.page.wait_for_function(f"() => !{LINE_0}.visible")
    hidden = {r["name"]: (r["visible"], r["shown"]) for r in watched.page.evaluate(RENDERERS)}
    pressed = fast.get_attribute("aria-pressed")
    watched.shot("perf-version-log-one-series")
    watched.page.click("[data-control=scale] button[data-value=linear]")  # a new drawing
    _drawn(watched, x="version", scale="linear")
    still_hidden = watched.page.evaluate(f"() => !{LINE_0}.visible")
    fast.click()
    watched.page.wait_for_function(f"() => {LINE_0}.visible")
    shown_again = {r["name"]: r["shown"] for r in watched.page.evaluate(RENDERERS)}

    assert before == [1, "DatetimeAxis", "LinearAxis", "LinearScale"]
    assert switched == [1, "LinearAxis", "LogAxis", "LogScale"]
    assert redrawn_toolbar == ["true", "right"]
    assert hidden == {
        "band-0": (False, RUNS),
        "line-0": (False, RUNS),
        "markers-0": (False, RUNS),
        "band-1": (True, RUNS),
        "line-1": (True, RUNS),
        "markers-1": (True, RUNS),
        "alerts": (True, 0),  # the hidden series' alert is not shown
    }
    assert pressed == "false"
    assert still_hidden is True
    assert shown_again["alerts"] == 1
    assert re.search(r"[?&]x=version", switched_url)
    assert re.search(r"[?&]scale=log", switched_url)
    assert re.search(r"[?&]scale=linear", watched.page.url)
    watched.assert_clean()


def test_without_bokehjs_the_plot_says_so(watched: Watched) -> None:
    watched.page.route("**/bokeh.min.js*", lambda route: route.abort())
    watched.go(PERF)

    message = watched.page.locator("#plot", has_text="The plotting library did not load.")
    message.wait_for()

    assert watched.page.evaluate("typeof window.Bokeh") == "undefined"
    assert watched.page.locator("#series tbody tr").count() == 2  # the rest of the page is there


def test_clicking_a_point_opens_its_report(watched: Watched, live: LiveServer) -> None:
    watched.go(PERF)
    _drawn(watched)
    newest = watched.page.evaluate(WHERE, ["line-1", RUNS - 1])

    with watched.page.expect_navigation():
        watched.page.mouse.click(newest["x"] - 2, newest["y"])

    assert watched.page.url == f"{live.origin}/console/projects/demo/reports/{live.facts['report']}"
    watched.assert_clean()


def test_dismissing_an_alert_on_the_alerts_page_reaches_the_api(
    watched: Watched, live: LiveServer
) -> None:
    alert = live.facts["alert"]
    watched.go("/console/signin?next=%2Fconsole%2Fprojects%2Fdemo%2Falerts")
    _sign_in(watched)
    row = watched.page.locator(f'tr[data-alert="{alert}"]')

    row.locator("button", has_text="Dismiss").click()
    watched.page.wait_for_selector(f'tr[data-alert="{alert}"][data-status="dismissed"]')
    after_dismiss = live.api.get(f"/v0/projects/demo/alerts/{alert}").json()["status"]
    counts = [
        watched.page.inner_text(f"nav.filters a[data-status={s}] .count")
        for s in ("active", "dismissed")
    ]
    watched.shot("alerts-dismissed")
    row.locator("button", has_text="Re-activate").click()
    watched.page.wait_for_selector(f'tr[data-alert="{alert}"][data-status="active"]')
    after_reactivate = live.api.get(f"/v0/projects/demo/alerts/{alert}").json()["status"]

    assert watched.page.url.endswith("/console/projects/demo/alerts")
    assert (after_dismiss, after_reactivate) == ("dismissed", "active")
    assert counts == ["0", "1"]
    watched.assert_clean()


def test_a_private_project_asks_for_a_token_and_comes_back(watched: Watched) -> None:
    watched.go("/console/projects/secret")
    at_signin = watched.page.url
    _sign_in(watched)

    assert "/console/signin?next=" in at_signin
    assert watched.page.url.endswith("/console/projects/secret")
    assert "signed in as admin" in watched.page.inner_text("header")
    assert watched.page.context.cookies()[0]["sameSite"] == "Strict"
    watched.shot("private-dashboard")
    watched.assert_clean()


PAGES = [
    ("projects", "/console/projects", "h1"),
    ("dashboard", "/console/projects/demo", ".stats"),
    ("thresholds", "/console/projects/demo/thresholds", "#thresholds"),
    ("alerts", "/console/projects/demo/alerts", "#alerts"),
    ("signin", "/console/signin", "#token"),
]


def test_every_page_loads_cleanly_from_the_server_alone(watched: Watched, live: LiveServer) -> None:
    pages = [
        *PAGES,
        ("report", f"/console/projects/demo/reports/{live.facts['report']}", "#results"),
    ]
    for name, path, selector in pages:
        watched.go(path)
        assert watched.page.locator(selector).count() >= 1, name
        watched.shot(name)

    watched.assert_clean()
    assert {u.split("?")[0] for u in watched.requests if "/static/" in u} == {
        f"{live.origin}/console/static/console.css",
        f"{live.origin}/console/static/console.js",
    }
