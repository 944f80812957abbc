"""Chambers: their own local resources (counselling services, regional programs) for members' plans.

Revision ID: 3e8b6d2a9f17
Revises: 7c1f0a9e2d41
Create Date: 2026-11-22 15:00:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "3e8b6d2a9f17"
down_revision = "7c1f0a9e2d41"
branch_labels = None
depends_on = None


def upgrade():
    # Nullable first so existing chambers get an empty list, then NOT NULL like the model.
    with op.batch_alter_table("chambers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("local_resources", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE chambers SET local_resources = '[]' WHERE local_resources IS NULL"))
    with op.batch_alter_table("chambers", schema=None) as batch_op:
        batch_op.alter_column("local_resources", existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table("chambers", schema=None) as batch_op:
        batch_op.drop_column("local_resources")
