from __future__ import annotations

from collections.abc import Iterator

import pytest

from bencher_core.store.db import Database, open_database


@pytest.fixture
def db(store_url: str) -> Iterator[Database]:
    database = open_database(store_url)
    yield database
    database.close()
