"""Harness-output adapters: pure parsers from text to :data:`~bencher_core.models.Results`.

``parse(text, adapter)`` parses one output; ``parse_iterations(outputs, settings)`` parses a
run's ``results[]`` (one output per iteration) and applies ``--fold``. File helpers:
``load_output(path)`` (plain or gzip text), ``read_pyperf_file(path)`` and
``read_asv_results_file(path)`` (an asv results file with its commit hash and date).

One module per harness family (``rust``, ``gungraun``, ``cpp``, ``go``, ``java``, ``c_sharp``,
``js``, ``python_asv``, ``python_pytest``, ``python_pyperf``, ``ruby``, ``shell``, ``dart``,
``json_bmf``), each registering its adapters (``_parsing.adapter``); shared pieces: ``_units``
(time units, numbers), ``_repeats`` (repeated rows), ``_samples`` and ``_metric`` (building
models fast), ``_asv_results``, ``_files``. Magic tries :data:`MAGIC_ORDER`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bencher_core.adapters._registry import ADAPTERS, AdapterFn, AdapterInput
from bencher_core.adapters.fold import fold_results
from bencher_core.errors import AdapterError, UsageError
from bencher_core.models.metric import Results
from bencher_core.models.run import Adapter, Average, RunSettings

__all__ = [
    "MAGIC_ORDER",
    "AsvResultsFile",
    "adapter_slugs",
    "load_output",
    "loaded_adapters",
    "parse",
    "parse_iterations",
    "read_asv_results_file",
    "read_pyperf_file",
    "resolve_adapter",
]

if TYPE_CHECKING:
    from bencher_core.adapters._asv_results import AsvResultsFile, read_asv_results_file
    from bencher_core.adapters._files import load_output
    from bencher_core.adapters.python_pyperf import read_pyperf_file

#: Helpers loaded on first access (``import bencher_core.adapters`` stays light).
_LAZY = {
    "AsvResultsFile": "_asv_results",
    "read_asv_results_file": "_asv_results",
    "load_output": "_files",
    "read_pyperf_file": "python_pyperf",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"bencher_core.adapters.{module}"), name)


#: Modules that register adapters; imported on first use so ``import bencher_core`` stays light.
_ADAPTER_MODULES = (
    "json_bmf",
    "c_sharp",
    "cpp",
    "dart",
    "go",
    "java",
    "js",
    "python_asv",
    "python_pytest",
    "python_pyperf",
    "ruby",
    "rust",
    "gungraun",
    "shell",
)

#: magic tries these in order and takes the first that recognises the input (Bencher's order,
#: with our python_pyperf after python_pytest).
MAGIC_ORDER = (
    "json",
    "c_sharp_dot_net",
    "cpp_catch2",
    "cpp_google",
    "dart_benchmark_harness",
    "go_bench",
    "java_jmh",
    "js_benchmark",
    "js_time",
    "js_vitest",
    "python_asv",
    "python_pytest",
    "python_pyperf",
    "ruby_benchmark",
    "rust_bench",
    "rust_criterion",
    "rust_iai",
    "rust_gungraun_json",
    "rust_gungraun_stdout",
    "shell_hyperfine",
)

_LANGUAGE_LEVEL = {"rust", "cpp", "go", "java", "c_sharp", "js", "python", "ruby", "shell", "dart"}

_loaded = False


def _load() -> None:
    global _loaded  # one-time lazy registry fill
    if not _loaded:
        for name in _ADAPTER_MODULES:
            importlib.import_module(f"bencher_core.adapters.{name}")
        _loaded = True


def loaded_adapters() -> Mapping[str, AdapterFn]:
    """Every registered adapter function by slug (the registry, filled on first use)."""
    _load()
    return MappingProxyType(ADAPTERS)


def adapter_slugs() -> list[str]:
    """Every adapter slug accepted by ``--adapter`` (magic and language-level ones included)."""
    _load()
    return sorted({"magic", *_LANGUAGE_LEVEL, *ADAPTERS})


def resolve_adapter(adapter: Adapter | str | None) -> str:
    """Normalise an adapter name: None and language-level slugs mean ``magic``.

    Raises:
        UsageError: for an unknown adapter, listing the known ones.
    """
    slug = adapter.value if isinstance(adapter, Adapter) else (adapter or "magic")
    if slug == "json":  # BMF (the Python API, the pytest plugin): load only its parser
        importlib.import_module("bencher_core.adapters.json_bmf")
        return slug
    _load()
    if slug == "rust_iai_callgrind":
        slug = "rust_gungraun"
    if slug in _LANGUAGE_LEVEL:
        return "magic"
    if slug != "magic" and slug not in ADAPTERS:
        raise UsageError(f"unknown adapter {slug!r}; known adapters: {', '.join(adapter_slugs())}")
    return slug


def parse(
    text: str,
    adapter: Adapter | str | None = "magic",
    *,
    average: Average | str | None = None,
    source: str | None = None,
) -> Results:
    """Parse one harness output.

    Raises:
        AdapterError: the output is the adapter's format but broken, or no adapter (magic: none
            of those tried) recognises it — the message names the adapter(s) and the source.
    """
    slug = resolve_adapter(adapter)
    avg = Average(average) if average is not None else None
    inp = AdapterInput(text, source=source)
    if slug == "magic":
        tried = [s for s in MAGIC_ORDER if s in ADAPTERS]
        for candidate in tried:
            results = ADAPTERS[candidate](inp, avg)
            if results is not None:
                return results
        avg_note = f" with --average {avg.value}" if avg else ""
        raise AdapterError(
            "magic",
            f"no adapter recognised this output{avg_note} (tried {', '.join(tried)})",
            source=source,
        )
    results = ADAPTERS[slug](inp, avg)
    if results is None:
        avg_note = f" with --average {avg.value}" if avg else ""
        raise AdapterError(slug, f"found no benchmark results{avg_note}", source=source)
    return results


def parse_iterations(outputs: Sequence[str], settings: RunSettings | None = None) -> list[Results]:
    """Parse a run's ``results[]``: one Results per iteration, or one when folded."""
    settings = settings or RunSettings()
    parsed = [
        parse(text, settings.adapter, average=settings.average, source=f"results[{i}]")
        for i, text in enumerate(outputs)
    ]
    if settings.fold is not None and len(parsed) > 0:
        return [fold_results(parsed, settings.fold)]
    return parsed
