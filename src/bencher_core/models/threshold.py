"""Threshold models: which statistical test, how much history, how wide the boundary.

Validation follows Bencher (``bencher_valid/src/model``): at least one boundary; ``static``
takes no sample sizes or window and needs lower ≤ upper; ``percentage`` boundaries are ≥ 0
(0.10 = 10 %); ``z_score``/``t_test``/``log_normal`` boundaries are in [0.5, 1.0);
``iqr``/``delta_iqr`` boundaries are multipliers ≥ 0; sample sizes are ≥ 1 (≥ 2 for the tests
that need a standard deviation or quartiles) and min ≤ max; a window is > 0 seconds.

Beyond Bencher, ``auto`` is the calibrated default gate: the boundary is the *per-run*
confidence (0.99 → about 1 % of stable runs raise any alert, whatever the number of metrics)
and ``min_effect`` the smallest relative change worth an alert.
"""

from __future__ import annotations

import math
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "DEFAULT_MODEL",
    "BoundaryLimit",
    "Model",
    "Test",
]


class Test(str, Enum):
    """Bencher's threshold tests (serde names and DB ints), plus our calibrated ``auto``."""

    __test__ = False  # not a pytest test class

    T_TEST = "t_test"
    Z_SCORE = "z_score"
    LOG_NORMAL = "log_normal"
    STATIC = "static"
    PERCENTAGE = "percentage"
    IQR = "iqr"
    DELTA_IQR = "delta_iqr"
    AUTO = "auto"

    @classmethod
    def _missing_(cls, value: object) -> Test | None:
        aliases = {"t": cls.T_TEST, "z": cls.Z_SCORE}
        return aliases.get(str(value))

    @property
    def db_int(self) -> int:
        return _DB_INTS[self]


_DB_INTS = {
    Test.T_TEST: 0,
    Test.Z_SCORE: 1,
    Test.LOG_NORMAL: 10,
    Test.STATIC: 20,
    Test.PERCENTAGE: 30,
    Test.IQR: 40,
    Test.DELTA_IQR: 41,
    Test.AUTO: 100,
}

_PROBABILITY_TESTS = {Test.Z_SCORE, Test.T_TEST, Test.LOG_NORMAL}


class BoundaryLimit(str, Enum):
    """Which limit a value crossed."""

    LOWER = "lower"
    UPPER = "upper"


class Model(BaseModel):
    """A threshold model (Bencher's ``JsonModel``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    test: Test
    min_sample_size: int | None = Field(default=None, ge=1, le=2**32 - 1)
    max_sample_size: int | None = Field(default=None, ge=1, le=2**32 - 1)
    window: int | None = Field(default=None, ge=1, le=2**32 - 1, description="seconds")
    lower_boundary: float | None = None
    upper_boundary: float | None = None
    min_effect: float | None = Field(
        default=None, ge=0, description="auto only: smallest relative change that alerts"
    )

    @field_validator("lower_boundary", "upper_boundary", "min_effect")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError(f"boundary must be a finite number, got {v!r}")
        return v

    @model_validator(mode="after")
    def _validate(self) -> Model:
        test, lo, hi = self.test, self.lower_boundary, self.upper_boundary
        if lo is None and hi is None:
            raise ValueError(
                f"{test.value}: at least one of lower_boundary/upper_boundary is needed"
            )
        if test is Test.STATIC:
            if self.min_sample_size or self.max_sample_size or self.window:
                raise ValueError("static takes no min_sample_size, max_sample_size or window")
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"static: lower_boundary {lo} is above upper_boundary {hi}")
            return self
        min_size = 2 if test is not Test.PERCENTAGE else 1
        for name in ("min_sample_size", "max_sample_size"):
            size = getattr(self, name)
            if size is not None and size < min_size:
                raise ValueError(f"{test.value}: {name} must be at least {min_size}, got {size}")
        if (
            self.min_sample_size is not None
            and self.max_sample_size is not None
            and self.min_sample_size > self.max_sample_size
        ):
            raise ValueError(
                f"min_sample_size {self.min_sample_size} is above max_sample_size "
                f"{self.max_sample_size}"
            )
        for name, b in (("lower_boundary", lo), ("upper_boundary", hi)):
            if b is None:
                continue
            if test in _PROBABILITY_TESTS or test is Test.AUTO:
                if not 0.5 <= b < 1.0:
                    raise ValueError(f"{test.value}: {name} must be in [0.5, 1.0), got {b}")
            elif b < 0:
                raise ValueError(f"{test.value}: {name} must be >= 0, got {b}")
        if self.min_effect is not None and test is not Test.AUTO:
            raise ValueError("min_effect applies to the auto test only")
        return self


#: The calibrated default gate applied where a measure has no configured threshold.
#: The boundary is the per-run confidence; direction is set from the measure at run time.
DEFAULT_MODEL = Model(
    test=Test.AUTO, min_sample_size=5, max_sample_size=64, upper_boundary=0.99, min_effect=0.05
)
