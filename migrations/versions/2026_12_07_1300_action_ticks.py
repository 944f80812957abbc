"""Actions of a plan that its business marked as done.

Revision ID: 5b2e7c9d4a10
Revises: a7c3e91f5b20
Create Date: 2026-12-07 13:00:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5b2e7c9d4a10"
down_revision = "a7c3e91f5b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_ticks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.String(length=120), nullable=False),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], name=op.f("fk_action_ticks_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_ticks")),
        sa.UniqueConstraint("assessment_id", "action_id", name=op.f("uq_action_ticks_assessment_id")),
    )
    with op.batch_alter_table("action_ticks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_ticks_assessment_id"), ["assessment_id"], unique=False)


def downgrade():
    with op.batch_alter_table("action_ticks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_ticks_assessment_id"))
    op.drop_table("action_ticks")
