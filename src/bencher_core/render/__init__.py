"""Views of a Report shared by the CLI, the pytest plugin and CI integrations.

* :mod:`~bencher_core.render.terminal` — ``report_text``/``report_table``/``verdict``
* :mod:`~bencher_core.render.markdown` — ``report_markdown`` (PR comment, step summary)
* :mod:`~bencher_core.render.json` — ``report_json``/``new_run_json``
* :mod:`~bencher_core.render.units` — ``scale``/``format_value`` (ns/µs/ms/s, B/KB/MB…)
* :mod:`~bencher_core.render.history` — ``history_table``/``sparkline``
* :mod:`~bencher_core.render.lists` — ``alerts_table``/``reports_table``

Import the submodule you need; this package imports none of them.
"""
