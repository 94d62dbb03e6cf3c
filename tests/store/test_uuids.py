"""Time-ordered row UUIDs (RFC 9562 version 7)."""

from __future__ import annotations

import time
import uuid

from bencher_core.store.uuids import new_uuid, new_uuids


def test_they_are_canonical_version_7_rfc_uuids_and_unique() -> None:
    made = new_uuids(2000)
    assert len(set(made)) == 2000
    for text in made:
        u = uuid.UUID(text)
        assert (u.version, u.variant) == (7, uuid.RFC_4122)
        assert str(u) == text  # canonical: lowercase 8-4-4-4-12
    assert new_uuids(0) == []


def test_they_start_with_the_unix_time_in_milliseconds_so_later_ones_sort_after() -> None:
    before = time.time_ns() // 1_000_000
    first = new_uuid()
    time.sleep(0.002)
    second = new_uuid()
    after = time.time_ns() // 1_000_000
    stamp = uuid.UUID(first).int >> 80
    assert before <= stamp <= after
    assert first < second  # string order follows time across milliseconds


def test_the_random_bits_vary_in_every_position() -> None:
    made = [uuid.UUID(u).int for u in new_uuids(256)]
    rand_a = {(u >> 64) & 0xFFF for u in made}
    rand_b = {u & ((1 << 62) - 1) for u in made}
    assert len(rand_a) > 200
    assert len(rand_b) == 256
    assert {(u >> 62) & 3 for u in made} == {0b10}  # the variant
    assert {(u >> 60) & 3 for u in made} == {0, 1, 2, 3}  # the two random bits beside it
