"""Alembic environment: migrations run on the connection handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from bencher_core.store.tables import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite needs batch mode for ALTER
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
