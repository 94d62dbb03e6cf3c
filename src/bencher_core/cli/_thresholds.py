"""``--threshold-*`` flags: repeatable, paired by position, ``_`` leaves one unset (as Bencher).

    bencher run --threshold-measure latency --threshold-test t_test \\
                --threshold-upper-boundary 0.99 --threshold-lower-boundary _ \\
                --threshold-measure throughput --threshold-test percentage \\
                --threshold-upper-boundary _ --threshold-lower-boundary 0.1 ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bencher_core.errors import UsageError

if TYPE_CHECKING:
    from bencher_core.models.threshold import Model

__all__ = ["ThresholdFlags", "threshold_models"]

UNSET = "_"

#: Model field -> (flag, parser name) for the flags after --threshold-measure/--threshold-test.
_FIELDS = {
    "min_sample_size": ("--threshold-min-sample-size", "int"),
    "max_sample_size": ("--threshold-max-sample-size", "int"),
    "window": ("--threshold-window", "int"),
    "lower_boundary": ("--threshold-lower-boundary", "float"),
    "upper_boundary": ("--threshold-upper-boundary", "float"),
}


@dataclass(frozen=True)
class ThresholdFlags:
    """The raw values of every ``--threshold-*`` flag, in the order given."""

    measure: Sequence[str] = ()
    test: Sequence[str] = ()
    min_sample_size: Sequence[str] = ()
    max_sample_size: Sequence[str] = ()
    window: Sequence[str] = ()
    lower_boundary: Sequence[str] = ()
    upper_boundary: Sequence[str] = ()


def _value(flag: str, kind: str, text: str) -> int | float | None:
    if text.strip() == UNSET:
        return None
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        what = "a whole number" if kind == "int" else "a number"
        raise UsageError(f"{flag}: {text!r} is not {what} (or {UNSET} to leave it unset)") from None


def _model_error(measure: str, error: Any) -> UsageError:
    loc = tuple(error.get("loc", ()))
    msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    field = str(loc[0]) if loc else next((f for f in _FIELDS if f in msg), "")
    flag = "--threshold-test" if field == "test" else _FIELDS.get(field, ("--threshold-*", ""))[0]
    return UsageError(f"{flag}: threshold for measure {measure!r}: {msg}")


def threshold_models(flags: ThresholdFlags) -> dict[str, Model]:
    """The models the flags describe, by measure.

    Raises:
        UsageError: counts that do not pair up, a value that is not a number, a duplicate
            measure, or a model Bencher refuses (e.g. a t_test boundary outside [0.5, 1)) — the
            message names the flag.
    """
    measures = list(flags.measure)
    n = len(measures)
    if n == 0:
        for name in ("test", *_FIELDS):
            if getattr(flags, name):
                flag = "--threshold-test" if name == "test" else _FIELDS[name][0]
                raise UsageError(f"{flag} needs a --threshold-measure to apply to")
        return {}
    if len(flags.test) != n:
        raise UsageError(
            f"--threshold-test: give one per --threshold-measure (got {len(flags.test)} for {n})"
        )
    for name, (flag, _) in _FIELDS.items():
        given = len(getattr(flags, name))
        if given not in (0, n):
            raise UsageError(
                f"{flag}: give one per --threshold-measure, {UNSET} to leave one unset "
                f"(got {given} for {n})"
            )
    from pydantic import ValidationError

    from bencher_core.models.threshold import Model

    models: dict[str, Model] = {}
    for i, measure in enumerate(measures):
        if measure in models:
            raise UsageError(f"--threshold-measure: {measure!r} is given twice")
        spec: dict[str, Any] = {"test": flags.test[i]}
        for name, (flag, kind) in _FIELDS.items():
            values = getattr(flags, name)
            if values:
                value = _value(flag, kind, values[i])
                if value is not None:
                    spec[name] = value
        try:
            models[measure] = Model.model_validate(spec)
        except ValidationError as e:
            raise _model_error(measure, e.errors()[0]) from e
    return models
