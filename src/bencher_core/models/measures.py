"""Built-in measures: Bencher's catalogue with units and direction.

Direction is ``higher_is_better``: latency and every other time-, size- or count-like measure
is worse when it grows; throughput (and hit rates) are worse when they shrink.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["BUILT_IN_MEASURES", "MeasureInfo", "lookup_measure", "measure_info"]


class MeasureInfo(BaseModel):
    """What a measure is: its slug, name, units and which direction is better."""

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    units: str
    higher_is_better: bool = False


_NS = "nanoseconds (ns)"
_B = "bytes (B)"
_PCT = "percentage (%)"


def _m(slug: str, name: str, units: str, higher: bool = False) -> MeasureInfo:
    return MeasureInfo(slug=slug, name=name, units=units, higher_is_better=higher)


_GUNGRAUN_COUNTS = [
    ("l1-hits", "L1 Hits", "hits"),
    ("l2-hits", "L2 Hits", "hits"),
    ("ll-hits", "LL Hits", "hits"),
    ("ram-hits", "RAM Hits", "hits"),
    ("total-read-write", "Total read+write", "reads/writes"),
    ("global-bus-events", "Global Bus Events", "events"),
    ("dr", "Dr", "reads"),
    ("dw", "Dw", "writes"),
    ("i1mr", "I1mr", "misses"),
    ("d1mr", "D1mr", "misses"),
    ("d1mw", "D1mw", "misses"),
    ("ilmr", "ILmr", "misses"),
    ("dlmr", "DLmr", "misses"),
    ("dlmw", "DLmw", "misses"),
    ("sys-count", "Syscount", "calls"),
    ("sys-time", "Systime", "nanoseconds (ns)"),
    ("sys-cpu-time", "Syscputime", "nanoseconds (ns)"),
    ("bc", "Bc", "branches"),
    ("bcm", "Bcm", "mispredictions"),
    ("bi", "Bi", "branches"),
    ("bim", "Bim", "mispredictions"),
    ("ildmr", "ILdmr", "misses"),
    ("dldmr", "DLdmr", "misses"),
    ("dldmw", "DLdmw", "misses"),
    ("accost1", "AcCost1", "cost"),
    ("accost2", "AcCost2", "cost"),
    ("sploss1", "SpLoss1", "loss"),
    ("sploss2", "SpLoss2", "loss"),
    ("total-bytes", "Total Bytes", "bytes (B)"),
    ("total-blocks", "Total Blocks", "blocks"),
    ("total-units", "Total Units", "units"),
    ("total-events", "Total Events", "events"),
    ("total-lifetimes", "Total Lifetimes", "lifetimes"),
    ("at-t-gmax-bytes", "At t-gmax Bytes", "bytes (B)"),
    ("at-t-gmax-blocks", "At t-gmax Blocks", "blocks"),
    ("at-t-end-bytes", "At t-end Bytes", "bytes (B)"),
    ("at-t-end-blocks", "At t-end Blocks", "blocks"),
    ("reads-bytes", "Reads Bytes", "bytes (B)"),
    ("writes-bytes", "Writes Bytes", "bytes (B)"),
    ("maximum-bytes", "Maximum Bytes", "bytes (B)"),
    ("maximum-blocks", "Maximum Blocks", "blocks"),
]

_CATALOGUE: list[MeasureInfo] = [
    _m("latency", "Latency", _NS),
    _m("throughput", "Throughput", "operations / second (ops/s)", higher=True),
    _m("build-time", "Build Time", "seconds (s)"),
    _m("file-size", "File Size", _B),
    _m("allocated", "Allocated", _B),
    _m("gen0-collects", "Gen0 Collects", "collects"),
    _m("gen1-collects", "Gen1 Collects", "collects"),
    _m("gen2-collects", "Gen2 Collects", "collects"),
    _m("total-operations", "Total Operations", "operations"),
    _m("instructions", "Instructions", "instructions"),
    _m("l1-accesses", "L1 Accesses", "accesses"),
    _m("l2-accesses", "L2 Accesses", "accesses"),
    _m("ram-accesses", "RAM Accesses", "accesses"),
    _m("estimated-cycles", "Estimated Cycles", "cycles"),
    _m("compute-jitter", "Compute Jitter", _PCT),
    _m("cache-jitter", "Cache Jitter", _PCT),
    _m("io-jitter", "I/O Jitter", _PCT),
    _m("cpu-steal", "CPU Steal", _PCT),
    _m("noise-score", "Noise Score", "decibels (dB)"),
    *(_m(slug, name, units) for slug, name, units in _GUNGRAUN_COUNTS),
    *(
        _m(f"{p}-miss-rate", f"{p.upper()} Miss Rate", _PCT)
        for p in ("i1", "lli", "d1", "lld", "ll")
    ),
    *(_m(f"{p}-hit-rate", f"{p.upper()} Hit Rate", _PCT, higher=True) for p in ("l1", "ll", "ram")),
    *(
        _m(
            f"{tool}-{kind}",
            f"{tool.title()} {kind.replace('-', ' ').title()}",
            kind.split("-")[-1],
        )
        for tool in ("memcheck", "helgrind", "drd")
        for kind in ("errors", "contexts", "suppressed-errors", "suppressed-contexts")
    ),
]

BUILT_IN_MEASURES: dict[str, MeasureInfo] = {m.slug: m for m in _CATALOGUE}
_BY_NAME: dict[str, MeasureInfo] = {m.name.lower(): m for m in _CATALOGUE}


def lookup_measure(key: str) -> MeasureInfo | None:
    """The built-in measure whose slug or name is ``key`` (case-insensitive name), else None."""
    return BUILT_IN_MEASURES.get(key) or _BY_NAME.get(key.strip().lower())


def measure_info(
    key: str, *, units: str | None = None, higher_is_better: bool | None = None
) -> MeasureInfo:
    """Describe measure ``key``: the built-in one, or a custom one with generic units.

    Explicit ``units`` and ``higher_is_better`` win over the catalogue.
    """
    from bencher_core.models._names import slugify

    known = lookup_measure(key)
    if known is None:
        known = MeasureInfo(
            slug=slugify(key) or "measure", name=key.strip(), units="Measure (units)"
        )
    if units is None and higher_is_better is None:
        return known
    return known.model_copy(
        update={
            "units": units if units is not None else known.units,
            "higher_is_better": (
                higher_is_better if higher_is_better is not None else known.higher_is_better
            ),
        }
    )
