"""Statistics: the coded dimensions of completed questionnaires (stats_facts) and frozen releases (stats_releases).

Backfill: the rows of questionnaires completed before this migration are
written by `flask stats sync` (or the first release, which runs it): it scores
them with the rules engine, which a migration does not load.

Revision ID: 5d2c7e91b4a3
Revises: 5b2e7c9d4a10
Create Date: 2026-12-07 11:48:30.007713

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2c7e91b4a3'
down_revision = '5b2e7c9d4a10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stats_releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('scope', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('cell_counts', sa.JSON(), nullable=False),
    sa.Column('json_file', sa.LargeBinary(), nullable=False),
    sa.Column('csv_file', sa.LargeBinary(), nullable=False),
    sa.Column('xlsx_en', sa.LargeBinary(), nullable=False),
    sa.Column('xlsx_es', sa.LargeBinary(), nullable=False),
    sa.Column('xlsx_fr', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stats_releases')),
    sa.UniqueConstraint('period', 'scope', 'version', name='uq_stats_releases_period_scope_version')
    )
    with op.batch_alter_table('stats_releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stats_releases_period'), ['period'], unique=False)

    op.create_table('stats_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('chamber_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rules_version', sa.String(length=64), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('naics_sector', sa.String(length=16), nullable=False),
    sa.Column('size_band', sa.String(length=16), nullable=False),
    sa.Column('women_owned', sa.String(length=16), nullable=False),
    sa.Column('indigenous_owned', sa.String(length=16), nullable=False),
    sa.Column('export_stage', sa.String(length=16), nullable=False),
    sa.Column('payment_terms', sa.String(length=32), nullable=False),
    sa.Column('entry_category', sa.String(length=32), nullable=False),
    sa.Column('market_us', sa.SmallInteger(), nullable=False),
    sa.Column('market_ca', sa.SmallInteger(), nullable=False),
    sa.Column('market_mx', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_finding_buyers', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_regulations_standards', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_customs_procedures', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_rules_of_origin', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_tariffs', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_logistics_border_delays', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_financing', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_payment_risk', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_visas_travel', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_language', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_ip_protection', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_digital_rules_privacy', sa.SmallInteger(), nullable=False),
    sa.Column('barrier_taxes', sa.SmallInteger(), nullable=False),
    sa.Column('need_working_capital', sa.SmallInteger(), nullable=False),
    sa.Column('need_credit_insurance', sa.SmallInteger(), nullable=False),
    sa.Column('need_market_entry_costs', sa.SmallInteger(), nullable=False),
    sa.Column('need_buyer_financing', sa.SmallInteger(), nullable=False),
    sa.Column('need_equipment_capacity', sa.SmallInteger(), nullable=False),
    sa.Column('need_none', sa.SmallInteger(), nullable=False),
    sa.Column('travel_meetings_sales', sa.SmallInteger(), nullable=False),
    sa.Column('travel_after_sales_installation', sa.SmallInteger(), nullable=False),
    sa.Column('travel_deliver_professional_services', sa.SmallInteger(), nullable=False),
    sa.Column('travel_intra_company_transfer', sa.SmallInteger(), nullable=False),
    sa.Column('travel_invest_or_trade', sa.SmallInteger(), nullable=False),
    sa.Column('digital_sells_online', sa.SmallInteger(), nullable=False),
    sa.Column('digital_sells_b2c', sa.SmallInteger(), nullable=False),
    sa.Column('digital_sells_digital_services', sa.SmallInteger(), nullable=False),
    sa.Column('digital_collects_personal_data', sa.SmallInteger(), nullable=False),
    sa.Column('digital_privacy_notice_per_market', sa.SmallInteger(), nullable=False),
    sa.Column('score_origin', sa.SmallInteger(), nullable=True),
    sa.Column('score_temporary_entry', sa.SmallInteger(), nullable=True),
    sa.Column('score_digital_trade', sa.SmallInteger(), nullable=True),
    sa.Column('score_financing', sa.SmallInteger(), nullable=True),
    sa.Column('score_regulatory', sa.SmallInteger(), nullable=True),
    sa.Column('score_overall', sa.SmallInteger(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_stats_facts_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stats_facts')),
    sa.UniqueConstraint('assessment_id', 'period', name='uq_stats_facts_assessment_period')
    )
    with op.batch_alter_table('stats_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stats_facts_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stats_facts_chamber_id'), ['chamber_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stats_facts_period'), ['period'], unique=False)



def downgrade():
    with op.batch_alter_table('stats_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stats_facts_period'))
        batch_op.drop_index(batch_op.f('ix_stats_facts_chamber_id'))
        batch_op.drop_index(batch_op.f('ix_stats_facts_assessment_id'))

    op.drop_table('stats_facts')
    with op.batch_alter_table('stats_releases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stats_releases_period'))

    op.drop_table('stats_releases')
