"""A failed upload says whether a retry can help.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A file refused for its data (unreadable, too many rejected lines) fails again the same
    # way: the pages offer a retry only for the other failures (a worker stopped, the
    # stored file missing, an internal error). Earlier failures stay retryable.
    op.execute(
        """
        ALTER TABLE app.uploads ADD COLUMN retryable boolean NOT NULL DEFAULT true;
        COMMENT ON COLUMN app.uploads.retryable IS
            'false when the upload failed for its data, which a retry cannot change';
        """
    )


def downgrade() -> None:
    op.execute("ALTER TABLE app.uploads DROP COLUMN retryable")
