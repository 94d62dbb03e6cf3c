"""NewRun: a run in Bencher's wire shape (``JsonNewRun``).

Raw harness outputs travel in ``results`` (one string per iteration) with ``settings.adapter``
saying how to parse them, so the same run goes to the embedded store or to a server unchanged.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bencher_core.models._names import check_branch_name
from bencher_core.models.threshold import Model

__all__ = [
    "Adapter",
    "Average",
    "BenchmarkThresholds",
    "Fold",
    "MeasureSpec",
    "NewRun",
    "RunSettings",
    "RunThresholds",
    "StartPoint",
]


class Adapter(str, Enum):
    """Adapter slugs, as Bencher names them (language-level ones mean ``magic``)."""

    MAGIC = "magic"
    JSON = "json"
    RUST = "rust"
    RUST_BENCH = "rust_bench"
    RUST_CRITERION = "rust_criterion"
    RUST_IAI = "rust_iai"
    RUST_GUNGRAUN = "rust_gungraun"
    RUST_GUNGRAUN_STDOUT = "rust_gungraun_stdout"
    RUST_GUNGRAUN_JSON = "rust_gungraun_json"
    CPP = "cpp"
    CPP_GOOGLE = "cpp_google"
    CPP_CATCH2 = "cpp_catch2"
    GO = "go"
    GO_BENCH = "go_bench"
    JAVA = "java"
    JAVA_JMH = "java_jmh"
    C_SHARP = "c_sharp"
    C_SHARP_DOT_NET = "c_sharp_dot_net"
    JS = "js"
    JS_BENCHMARK = "js_benchmark"
    JS_TIME = "js_time"
    JS_VITEST = "js_vitest"
    PYTHON = "python"
    PYTHON_ASV = "python_asv"
    PYTHON_PYTEST = "python_pytest"
    PYTHON_PYPERF = "python_pyperf"
    RUBY = "ruby"
    RUBY_BENCHMARK = "ruby_benchmark"
    SHELL = "shell"
    SHELL_HYPERFINE = "shell_hyperfine"
    DART = "dart"
    DART_BENCHMARK_HARNESS = "dart_benchmark_harness"

    @classmethod
    def _missing_(cls, value: object) -> Adapter | None:
        return {"rust_iai_callgrind": cls.RUST_GUNGRAUN}.get(str(value))


class Average(str, Enum):
    MEAN = "mean"
    MEDIAN = "median"


class Fold(str, Enum):
    MIN = "min"
    MAX = "max"
    MEAN = "mean"
    MEDIAN = "median"


class RunSettings(BaseModel):
    """How to parse ``results``: adapter, average and fold."""

    model_config = ConfigDict(extra="forbid")

    adapter: Adapter | None = None
    average: Average | None = None
    fold: Fold | None = None


class StartPoint(BaseModel):
    """Where a new branch starts: another branch at a hash, inheriting its recent versions."""

    model_config = ConfigDict(extra="forbid")

    branch: str | None = None
    hash: str | None = None
    max_versions: int = Field(default=255, ge=1, le=255)
    clone_thresholds: bool | None = None
    reset: bool | None = None


class RunThresholds(BaseModel):
    """Thresholds to create or update with the run: measure -> model."""

    model_config = ConfigDict(extra="forbid")

    models: dict[str, Model] = Field(default_factory=dict)
    reset: bool | None = None


class BenchmarkThresholds(BaseModel):
    """Threshold models for the benchmarks matching any of ``benchmarks`` (fnmatch globs).

    They replace the model of the measure's threshold for those benchmarks only (e.g. a looser
    boundary for one noisy benchmark); where a measure has no threshold they do not apply.
    """

    model_config = ConfigDict(extra="forbid")

    benchmarks: list[str] = Field(min_length=1, description="benchmark name globs")
    models: dict[str, Model] = Field(min_length=1, description="measure -> threshold model")


class MeasureSpec(BaseModel):
    """Units and direction for a custom measure (beyond Bencher's wire shape)."""

    model_config = ConfigDict(extra="forbid")

    units: str | None = Field(default=None, max_length=64)
    higher_is_better: bool | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class NewRun(BaseModel):
    """A run to ingest: Bencher's ``JsonNewRun`` plus a few optional extensions.

    Unknown fields are ignored (not refused) so Bencher's own CLI can post to our server.
    """

    model_config = ConfigDict(extra="ignore")

    project: str | None = Field(default=None, max_length=64)
    idempotency_key: uuid.UUID | None = None
    branch: str | None = None
    hash: str | None = Field(default=None, max_length=256)
    start_point: StartPoint | None = None
    testbed: str | None = Field(default=None, max_length=64)
    thresholds: RunThresholds | None = None
    start_time: dt.datetime = Field(default_factory=_now)
    end_time: dt.datetime = Field(default_factory=_now)
    results: list[str] = Field(min_length=1, description="one raw harness output per iteration")
    settings: RunSettings | None = None
    context: dict[str, str] | None = None
    # Extensions (not in Bencher's JsonNewRun).
    measures: dict[str, MeasureSpec] | None = Field(
        default=None, description="units and direction of custom measures"
    )
    ignore: list[str] | None = Field(
        default=None, description="benchmark name globs whose metrics are stored but never alert"
    )
    default_thresholds: bool | None = Field(
        default=None, description="False switches the calibrated default gate off for this run"
    )
    benchmark_thresholds: list[BenchmarkThresholds] | None = Field(
        default=None,
        description="per-benchmark-glob models replacing the measure's (the first match wins)",
    )

    @field_validator("branch")
    @classmethod
    def _branch(cls, v: str | None) -> str | None:
        return None if v is None else check_branch_name(v)

    @field_validator("start_time", "end_time")
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime:
        return v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
