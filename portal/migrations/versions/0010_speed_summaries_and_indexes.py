"""summaries: monthly activity totals by member, desa, type and PPKS category; indexes

Revision ID: 5eed0007a1b2
Revises: c3a7e2d10f12
Create Date: 2026-12-02 18:10:00.000000

The table is filled from the existing activities here, so an upgraded database shows the
same figures as before; from then on portal/summaries keeps it current with each change
(and `flask summaries rebuild` recomputes it).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5eed0007a1b2'
down_revision = 'c3a7e2d10f12'
branch_labels = None
depends_on = None

FILL = """
INSERT INTO activity_summary
    (month, organisation_id, dimension, key_id, activities, minutes, people)
SELECT {month}, a.organisation_id, '{dimension}', {key}, count(*),
       sum(a.duration_minutes), sum(a.people_served)
FROM activity a {join}
GROUP BY {month}, a.organisation_id, {key}
"""
DIMENSIONS = (
    ('member', 'a.user_id', ''),
    ('desa', 'a.desa_id', ''),
    ('type', 'a.activity_type_id', ''),
    ('ppks', 'p.ppks_category_id', 'JOIN activity_ppks p ON p.activity_id = a.id'),
)


def upgrade():
    op.create_table(
        'activity_summary',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('dimension', sa.String(length=8), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=False),
        sa.Column('activities', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisation.id'],
            name=op.f('fk_activity_summary_organisation_id_organisation'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint(
            'month', 'organisation_id', 'dimension', 'key_id', name=op.f('pk_activity_summary')
        ),
    )
    with op.batch_alter_table('activity_summary', schema=None) as batch_op:
        batch_op.create_index(
            'ix_activity_summary_dimension_key', ['dimension', 'key_id', 'month'], unique=False
        )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index('ix_user_full_name', ['full_name'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        month = "CAST(date_trunc('month', a.done_on) AS DATE)"
    else:
        month = "date(a.done_on, 'start of month')"
    for dimension, key, join in DIMENSIONS:
        bind.execute(sa.text(FILL.format(month=month, dimension=dimension, key=key, join=join)))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index('ix_user_full_name')
    with op.batch_alter_table('activity_summary', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_summary_dimension_key')
    op.drop_table('activity_summary')
