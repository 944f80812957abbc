"""Snapshots of stored plans, the changes of the rules that changed them, and
the owner's choice to be e-mailed about those changes.

Revision ID: c4e8a1f7d2b6
Revises: 5d2c7e91b4a3
Create Date: 2026-12-07 15:30:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "c4e8a1f7d2b6"
down_revision = "5d2c7e91b4a3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "plan_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("rules_version", sa.String(length=64), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('latest', 'seen')", name=op.f("ck_plan_snapshots_kind")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_plan_snapshots_assessment_id_assessments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_snapshots")),
        sa.UniqueConstraint("assessment_id", "kind", name=op.f("uq_plan_snapshots_assessment_id")),
    )
    with op.batch_alter_table("plan_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_snapshots_assessment_id"), ["assessment_id"], unique=False)
    op.create_table(
        "plan_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("from_version", sa.String(length=64), nullable=False),
        sa.Column("to_version", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("notify", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_plan_changes_assessment_id_assessments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_changes")),
        sa.UniqueConstraint("assessment_id", "from_version", "to_version", name=op.f("uq_plan_changes_assessment_id")),
    )
    with op.batch_alter_table("plan_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_changes_assessment_id"), ["assessment_id"], unique=False)
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notify_plan_changes", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("notify_plan_changes")
    with op.batch_alter_table("plan_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_changes_assessment_id"))
    op.drop_table("plan_changes")
    with op.batch_alter_table("plan_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_snapshots_assessment_id"))
    op.drop_table("plan_snapshots")
