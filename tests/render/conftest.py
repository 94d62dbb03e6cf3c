"""Real Reports for the views: runs ingested into a SQLite file, as ``bencher run`` does."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from bencher_core.models import Model, NewRun, Report, RunThresholds, Test
from bencher_core.service.ingest import run
from bencher_core.store.db import open_database

#: latency has an explicit ±10 % percentage threshold; throughput gets the default gate.
THRESHOLDS = RunThresholds(
    models={"latency": Model(test=Test.PERCENTAGE, lower_boundary=0.1, upper_boundary=0.1)}
)


def _bmf(parse: float, fast: float, ignored: float, jitter: float) -> str:
    return json.dumps(
        {
            "tests/test_parse.py::test_parse[large]": {"latency": {"value": parse + jitter}},
            "fast": {"latency": {"value": fast + jitter}},
            "noisy_bencher_ignore": {"latency": {"value": ignored + jitter}},
            "render": {
                "latency": {"value": 2.5e6 + 1000 * jitter},
                "throughput": {"value": 5e5 + 100 * jitter},
            },
        }
    )


@dataclass(frozen=True)
class Reports:
    """``first``: nothing to compare; ``ok``: all within limits; ``alerted``: a regression
    (parse +60 %), an alert that is no regression (fast -37 %), an ignored benchmark."""

    first: Report
    ok: Report
    alerted: Report


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    db = open_database(str(Path(tmp_path_factory.mktemp("render")) / "r.db"))
    made = []
    jitters = [0.0, 3.0, -2.0, 1.0, -1.0, 2.0, -3.0, 0.5, -0.5, 1.5]
    for i, jitter in enumerate(jitters):
        text = _bmf(1500.0, 800.0, 1000.0, jitter)
        made.append(
            run(db, NewRun(project="demo", branch="main", hash=f"h{i}", testbed="tb",
                           thresholds=THRESHOLDS, results=[text]))
        )  # fmt: skip
    alerted = run(
        db,
        NewRun(project="demo", branch="main", hash="h10", testbed="tb", thresholds=THRESHOLDS,
               results=[_bmf(2400.0, 500.0, 2000.0, 0.0)]),
    )  # fmt: skip
    db.close()
    return Reports(first=made[0], ok=made[-1], alerted=alerted)
