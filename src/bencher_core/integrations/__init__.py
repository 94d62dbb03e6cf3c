"""asv, pyperf and pytest-benchmark: gate live runs, and import the history they already saved.

* :mod:`~bencher_core.integrations.pyperf` — ``bencher_gate(runner)``: a pyperf script submits its
  results at the end (main process only) and exits 1 on alerts.
* :mod:`~bencher_core.integrations.asv` — asv results folders: the history source of
  ``bencher import asv``, and the new-results detection behind ``bencher asv -- run …``;
  :mod:`~bencher_core.integrations.asv_config` reads ``asv.conf.json``.
* :mod:`~bencher_core.integrations.pytest_benchmark_storage` — saved pytest-benchmark runs
  (``.benchmarks/``) for ``bencher import pytest-benchmark``.
* :mod:`~bencher_core.integrations.pyperf_files` — pyperf result files for
  ``bencher import pyperf``.

Imports go through the ingest service's batch mode, oldest commit first, without alerts, each
run once (see :mod:`._importer`). Importing this package imports none of the modules.
"""
