"""The console's perf page with 4 series × 2,000 points: how long until the plot is drawn.

Run: ``python benchmarks/bench_console.py [--points 2000] [--rounds 5]``
(needs Chromium at /usr/bin/chromium: ``apt-get install chromium``; the store is built once
under benchmarks/.cache).

What runs: a real ``bencher server`` process over a SQLite store holding one project with 4
benchmarks × ``--points`` runs (the calibrated default thresholds on, so every point has
limits and some have alerts), and headless Chromium driven by Playwright. Printed:

* the perf query behind the page (``GET /v0/projects/…/perf``, same service call) and the page
  itself (HTML with its data), median server time over ``--rounds`` requests, and the query
  plan of one series read (an index range scan, not a table scan);
* **cold**: a fresh browser profile (nothing cached): navigation start → plot drawn;
* **warm**: the same profile reloading the page (BokehJS cached, as for anyone who has
  opened the console before): navigation start → plot drawn;
* an interaction on the drawn plot: the linear/log toggle (click → the plot rebuilt and
  drawn) and a zoom (x range set → repainted).

"Plot drawn" is when ``perf.js`` sees BokehJS's document go idle (its first paint done: the
document's ``idle`` signal) and marks ``#plot[data-ready=true]``: the series, bands and alerts
are drawn and hover, click and box zoom work. The time is ``window.bencherPerf.readyMs`` (from
navigation start), with DOMContentLoaded and the end of the HTML response printed beside it to
show where the time goes, and when the toolbar's buttons are drawn (``perf.js`` draws them
after the plot's first frame; ``#plot[data-toolbar=true]``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from machine_speed import reference_loop_ms  # this folder

from bencher_core.models import NewRun
from bencher_core.service.ingest import Ingestor
from bencher_core.store.db import open_database

CACHE = Path(__file__).parent / ".cache"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Click the y-scale switch; resolves with the ms until the rebuilt plot is drawn.
TOGGLE = """() => new Promise(done => {
    const plot = document.getElementById('plot');
    const t = performance.now();
    const seen = new MutationObserver(() => {
        if (plot.dataset.ready === 'true') { seen.disconnect(); done(performance.now() - t); }
    });
    seen.observe(plot, {attributes: true, attributeFilter: ['data-ready']});
    document.querySelector('[data-control=scale] button:not([aria-pressed=true])').click();
})"""
#: Zoom the x-axis in (round ``i``); resolves with the ms until BokehJS has repainted.
ZOOM = """async (i) => {
    const fig = Bokeh.documents[0].roots()[0];
    const range = fig.x_range;
    const span = range.end - range.start;
    const t = performance.now();
    range.setv({start: range.start + span * (0.1 + i / 100), end: range.start + span / 4});
    await Bokeh.index.find_one(fig).ready;
    return performance.now() - t;
}"""
BENCHMARKS = ("parse_small", "parse_large", "render_table", "render_json")
QUERY = (
    "branches=main&testbeds=ci&benchmarks=parse-small&benchmarks=parse-large"
    "&benchmarks=render-table&benchmarks=render-json&measures=latency"
)


def build_store(path: Path, points: int) -> None:
    """One project, 4 benchmarks × ``points`` hourly runs with two step changes."""
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    rng = random.Random(7)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

    def runs():  # type: ignore[no-untyped-def]
        for i in range(points):
            step = 1.25 if i >= points * 3 // 4 else 1.0
            results = {
                name: {
                    "latency": {
                        "value": 1000.0
                        * (k + 1)
                        * (step if k == 1 else 1.0)
                        * (1 + rng.gauss(0, 0.02))
                    }
                }
                for k, name in enumerate(BENCHMARKS)
            }
            when = start + dt.timedelta(hours=i)
            yield NewRun(
                project="bench",
                branch="main",
                testbed="ci",
                hash=f"{rng.getrandbits(160):040x}",
                start_time=when,
                end_time=when + dt.timedelta(minutes=5),
                results=[json.dumps(results)],
            )

    with open_database(str(partial)) as db:
        Ingestor(db).ingest_many(runs(), keep=False)
    partial.rename(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "BENCHER_ADMIN_TOKEN": "bencher_bench-console-admin-token-000000000"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bencher_core.cli",
            "server",
            "--port",
            str(port),
            "--db",
            str(db),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/v0/server/version", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("bencher server did not start")


def server_times(base: str, rounds: int) -> dict[str, float]:
    out: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        for label, url in (
            ("perf query (JSON API)", f"/v0/projects/bench/perf?{QUERY}"),
            ("perf page (HTML + data)", f"/console/projects/bench/perf?{QUERY}"),
        ):
            times = []
            for _ in range(rounds):
                t = time.perf_counter()
                r = c.get(url)
                times.append(time.perf_counter() - t)
                r.raise_for_status()
            out[label] = statistics.median(times) * 1000
            out[label + " bytes"] = len(r.content)
    return out


def query_plan(db: Path) -> list[str]:
    from bencher_core.service.perf import _SQL

    with open_database(str(db)) as d:
        rows = d.fetchall("EXPLAIN QUERY PLAN " + _SQL, (1, 1, 1, 1, 0, 2**62, 0, 2**62, 2**62))
    return [str(r[-1]) for r in rows]


def browser_times(base: str, rounds: int, points: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    url = f"{base}/console/projects/bench/perf?{QUERY}"
    ready = "#plot[data-ready=true]"
    timing = (
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.responseEnd, n.domContentLoadedEventEnd, window.bencherPerf.readyMs,"
        " window.bencherPerf.points]; }"
    )
    #: The toolbar drawn (a page that draws it with the plot has no data-toolbar attribute).
    toolbar = (
        "() => { const plot = document.getElementById('plot');"
        " return plot.dataset.toolbar === undefined || plot.dataset.toolbar === 'true'; }"
    )
    toolbar_ms = (
        "() => { const m = performance.getEntriesByName('bencher:toolbar-drawn');"
        " return m.length ? m[m.length - 1].startTime : NaN; }"
    )
    out: dict[str, list[float]] = {"cold": [], "warm": [], "y scale toggle": [], "zoom": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(rounds):
            context = browser.new_context(viewport={"width": 1360, "height": 900})
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector(ready, timeout=60_000)
            response, dom, drawn, drawn_points = page.evaluate(timing)
            assert drawn_points == 4 * points, drawn_points
            out["cold"].append(drawn)
            out.setdefault("cold: response", []).append(response)
            out.setdefault("cold: DOMContentLoaded", []).append(dom)
            page.wait_for_function(toolbar, timeout=60_000)
            toolbar_drawn = page.evaluate(toolbar_ms)
            # No mark: the page draws the toolbar with the plot.
            out.setdefault("cold: toolbar drawn", []).append(
                drawn if math.isnan(toolbar_drawn) else toolbar_drawn
            )
            context.close()
        context = browser.new_context(viewport={"width": 1360, "height": 900})
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(ready, timeout=60_000)
        for i in range(rounds):
            page.reload()
            page.wait_for_selector(ready, timeout=60_000)
            response, dom, drawn, _ = page.evaluate(timing)
            out["warm"].append(drawn)
            out.setdefault("warm: response", []).append(response)
            out.setdefault("warm: DOMContentLoaded", []).append(dom)
            out["y scale toggle"].append(page.evaluate(TOGGLE))
            out["zoom"].append(page.evaluate(ZOOM, i))
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=2000, help="points per series")
    parser.add_argument("--rounds", type=int, default=5, help="repetitions of each timing")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    CACHE.mkdir(exist_ok=True)
    store = CACHE / f"console-4x{args.points}.db"
    if not store.exists():
        t = time.perf_counter()
        build_store(store, args.points)
        print(f"built {store.name} in {time.perf_counter() - t:.1f} s")
    speed = [reference_loop_ms()]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bencher.db"
        shutil.copyfile(store, db)
        proc, base = start_server(db)
        try:
            served = server_times(base, args.rounds)
            browser = browser_times(base, args.rounds, args.points)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        plan = query_plan(db)
    speed.append(reference_loop_ms())
    print(f"\nperf page, 4 series x {args.points} points (median of {args.rounds})")
    for label in ("perf query (JSON API)", "perf page (HTML + data)"):
        print(f"  server  {label:<28} {served[label]:8.1f} ms  ({served[label + ' bytes']:,} B)")
    for label, values in browser.items():
        print(
            f"  browser {label:<28} {statistics.median(values):8.1f} ms"
            f"  (min {min(values):.1f}, max {max(values):.1f})"
        )
    print("  series query plan: " + " | ".join(plan))
    print(f"  load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"  reference loop before and after: {speed[0]:.0f} ms, {speed[1]:.0f} ms")


if __name__ == "__main__":
    main()
