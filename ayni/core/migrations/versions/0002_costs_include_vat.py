"""Companies say whether the costs they send include IVA.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Margin is measured without IVA (docs/PRODUCT.md, "IVA"): costs are taken as net of IVA, as
    # a supplier's invoice shows them, unless the company says they include it. The
    # table-level grants of 0001 (ayni_app, ayni_worker) cover the new column.
    op.execute(
        """
        ALTER TABLE app.companies
            ADD COLUMN costs_include_vat boolean NOT NULL DEFAULT false;
        COMMENT ON COLUMN app.companies.costs_include_vat IS
            'the costs the company sends include IVA (19 %); false: they are net of IVA, '
            'as on a supplier''s invoice. Margin is measured without IVA either way';
        """
    )


def downgrade() -> None:
    op.execute("ALTER TABLE app.companies DROP COLUMN IF EXISTS costs_include_vat")
