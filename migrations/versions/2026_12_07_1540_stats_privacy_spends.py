"""Statistics: the differential-privacy budget ledger (stats_privacy_spends).

Revision ID: 8e4b1f6c2d07
Revises: c4e8a1f7d2b6
Create Date: 2026-12-07 15:30:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "8e4b1f6c2d07"
down_revision = "c4e8a1f7d2b6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stats_privacy_spends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_privacy_spends")),
        sa.UniqueConstraint("period", "version", name="uq_stats_privacy_spends_period_version"),
        sa.UniqueConstraint("year", "sequence", name="uq_stats_privacy_spends_year_sequence"),
    )
    with op.batch_alter_table("stats_privacy_spends", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stats_privacy_spends_year"), ["year"], unique=False)


def downgrade():
    with op.batch_alter_table("stats_privacy_spends", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_privacy_spends_year"))
    op.drop_table("stats_privacy_spends")
