"""Wizard: a short resume code beside the resume link, kept as a keyed hash.

Revision ID: 7c1f0a9e2d41
Revises: b45554c0279e
Create Date: 2026-11-22 14:00:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "7c1f0a9e2d41"
down_revision = "b45554c0279e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resume_code_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_assessments_resume_code_hash"), ["resume_code_hash"])


def downgrade():
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_assessments_resume_code_hash"), type_="unique")
        batch_op.drop_column("resume_code_hash")
