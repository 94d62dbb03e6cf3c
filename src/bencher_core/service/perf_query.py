"""The perf query: every branch × testbed × benchmark × measure combination asked for, each
series with its points (boundary and alert included), oldest first.

Identifiers are UUIDs, slugs or names. Several may come comma-separated in one value or as
repeated values; benchmark names can contain commas, so a value that names an existing
resource whole is taken whole before it is split.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from bencher_core.errors import InvalidInputError, NotFoundError
from bencher_core.service.perf import PerfPoint, series_points
from bencher_core.service.resources import Named, find_one
from bencher_core.store.db import Database

__all__ = ["MAX_PERMUTATIONS", "PerfSeries", "perf_query", "resolve_identifiers"]

#: Bencher caps a perf query at 255 combinations.
MAX_PERMUTATIONS = 255


@dataclass(frozen=True)
class PerfSeries:
    """One combination and its points."""

    branch: Named
    testbed: Named
    benchmark: Named
    measure: Named
    points: list[PerfPoint]


def resolve_identifiers(
    db: Database, table: str, project_id: int, values: Sequence[str]
) -> list[Named]:
    """Resolve query values to rows: a whole value first, else its comma-separated parts, where
    the longest run of parts that names an existing resource wins (``a,b,c`` → ``a`` and
    ``b,c`` when a benchmark is named ``b,c``).

    Raises:
        NotFoundError: naming the first identifier that matches nothing.
    """
    out: dict[int, Named] = {}
    for raw in values:
        whole = find_one(db, table, project_id, raw)
        if whole is not None:
            out.setdefault(whole.id, whole)
            continue
        parts = raw.split(",")
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                ident = ",".join(parts[i:j])
                found = find_one(db, table, project_id, ident) if ident.strip() else None
                if found is not None:
                    out.setdefault(found.id, found)
                    i = j
                    break
            else:
                if parts[i].strip():
                    raise NotFoundError(f"{table} {parts[i]!r} not found")
                i += 1
    return list(out.values())


def perf_query(
    db: Database,
    project_id: int,
    *,
    branches: Sequence[str],
    testbeds: Sequence[str],
    benchmarks: Sequence[str],
    measures: Sequence[str],
    start_us: int | None = None,
    end_us: int | None = None,
    limit: int | None = None,
) -> list[PerfSeries]:
    """Every requested combination with its points (``limit``: newest points per series).

    Raises:
        InvalidInputError: a dimension is empty or there are more than 255 combinations.
        NotFoundError: an identifier matches nothing.
    """
    dims: dict[str, list[Named]] = {}
    for table, param, values in (
        ("branch", "branches", branches),
        ("testbed", "testbeds", testbeds),
        ("benchmark", "benchmarks", benchmarks),
        ("measure", "measures", measures),
    ):
        dims[table] = resolve_identifiers(db, table, project_id, values)
        if not dims[table]:
            raise InvalidInputError(f"{param}: the perf query needs at least one {table}")
    n = 1
    for rows in dims.values():
        n *= len(rows)
    if n > MAX_PERMUTATIONS:
        raise InvalidInputError(
            f"the perf query asks for {n} combinations, more than {MAX_PERMUTATIONS}"
        )
    heads = {
        b.id: db.scalar("SELECT head_id FROM branch WHERE id = ?", (b.id,)) for b in dims["branch"]
    }
    out: list[PerfSeries] = []
    for branch, testbed, benchmark, measure in itertools.product(
        dims["branch"], dims["testbed"], dims["benchmark"], dims["measure"]
    ):
        head_id = heads[branch.id]
        points = (
            []
            if head_id is None
            else series_points(
                db,
                head_id=int(head_id),
                testbed_id=testbed.id,
                benchmark_id=benchmark.id,
                measure_id=measure.id,
                limit=limit,
                start_us=start_us,
                end_us=end_us,
            )
        )
        out.append(PerfSeries(branch, testbed, benchmark, measure, points))
    return out
