"""Version lookups by index: version (project, hash) and the version number on head_version.

Resolving a run's version read every version of the branch (O(history)); with the number copied
onto ``head_version`` and these indexes, the newest version and a hash are index reads.

Revision ID: 0002_version_lookup
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_version_lookup"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("head_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE head_version SET number = "
        "(SELECT version.number FROM version WHERE version.id = head_version.version_id)"
    )
    with op.batch_alter_table("head_version", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_index("ix_head_version_head_number", ["head_id", "number"], unique=False)
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.create_index("ix_version_project_hash", ["project_id", "hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.drop_index("ix_version_project_hash")
    with op.batch_alter_table("head_version", schema=None) as batch_op:
        batch_op.drop_index("ix_head_version_head_number")
        batch_op.drop_column("number")
