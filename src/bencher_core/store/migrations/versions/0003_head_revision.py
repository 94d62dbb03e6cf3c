"""A revision per head: changes whenever the head's metrics change.

Servers keep series windows in memory between runs (``service.history_cache``) and use one
only while its head is still at the revision it was read at. NULL (every head before this
migration) means "never written since": nothing is cached until the head's next run.

Revision ID: 0003_head_revision
Revises: 0002_version_lookup
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_head_revision"
down_revision = "0002_version_lookup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("head", schema=None) as batch_op:
        batch_op.drop_column("revision")
