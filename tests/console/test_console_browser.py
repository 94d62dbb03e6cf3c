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
    """One browser profile for the module, so plotly.js is fetched once (as a browser would)."""
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


POINTS = """() => Object.fromEntries(
    Array.from(document.querySelectorAll('#plot .scatterlayer .trace')).map(t => [
        t.getAttribute('class').split(' ').pop().replace('traces', 's'),
        t.querySelectorAll('.points path.point').length,
    ]))"""


def test_the_perf_plot_draws_every_point_its_band_and_the_alert(watched: Watched) -> None:
    watched.go(PERF)
    watched.page.wait_for_selector("#plot[data-ready=true]")

    drawn = watched.page.evaluate(POINTS)
    alert = watched.page.locator("#plot .traces0-alerts .points path.point")
    fill = alert.evaluate("el => getComputedStyle(el).fill")
    bands = watched.page.locator("#plot .scatterlayer .trace .fills path").count()
    box = alert.bounding_box()
    watched.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    watched.page.wait_for_selector("#plot .hoverlayer .hovertext")
    hover = watched.page.locator("#plot .hoverlayer").text_content() or ""

    assert drawn == {"s0-hi": 0, "s0-lo": 0, "s0": RUNS, "s0-alerts": 1} | {
        "s1-hi": 0,
        "s1-lo": 0,
        "s1": RUNS,
    }
    assert fill == "rgb(214, 39, 40)"
    assert bands >= 2
    assert "alert: upper limit" in hover
    assert "160 ns" in hover
    watched.shot("perf")
    watched.assert_clean()


def test_the_plot_switches_axes_and_hides_a_series_from_its_legend(watched: Watched) -> None:
    watched.go(PERF)
    watched.page.wait_for_selector("#plot[data-ready=true]")
    layout = "() => ['xaxis', 'yaxis'].map(a => document.getElementById('plot').layout[a].type)"

    watched.page.click("[data-control=x] button[data-value=version]")
    watched.page.click("[data-control=scale] button[data-value=log]")
    watched.page.wait_for_function(
        "() => document.getElementById('plot').layout.yaxis.type === 'log'"
    )
    switched = watched.page.evaluate(layout)
    watched.page.locator("#plot .legend .traces").first.click()
    watched.page.wait_for_function(
        "() => document.getElementById('plot').data.find(t => t.uid === 's0').visible"
        " === 'legendonly'"
    )

    assert switched == ["linear", "log"]
    assert re.search(r"[?&]x=version", watched.page.url)
    assert re.search(r"[?&]scale=log", watched.page.url)
    watched.shot("perf-version-log-one-series")
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
