"""office: tali asih rates and payment lists, the office letterhead

Revision ID: 0007office
Revises: b705ffdced86
Create Date: 2026-12-02 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

from portal.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0007office'
down_revision = 'b705ffdced86'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'office_letterhead',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('parent', sa.String(length=160), nullable=False),
        sa.Column('name', sa.String(length=160), nullable=False),
        sa.Column('address', sa.String(length=300), nullable=False),
        sa.Column('city', sa.String(length=80), nullable=False),
        sa.Column('head_name', sa.String(length=120), nullable=False),
        sa.Column('head_nip', sa.String(length=30), nullable=False),
        sa.Column('logo_png', sa.LargeBinary(), nullable=True),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'payment_rate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['kind_id'], ['organisation_kind.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_payment_rate_kind_from', 'payment_rate', ['kind_id', 'valid_from'])
    op.create_table(
        'payment_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('fixed_at', UTCDateTime(), nullable=False),
        sa.Column('fixed_by_id', sa.Integer(), nullable=True),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.Column('superseded_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['fixed_by_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('month', 'number'),
    )
    op.create_table(
        'payment_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('membership_id', sa.Integer(), nullable=True),
        sa.Column('full_name', sa.String(length=160), nullable=False),
        sa.Column('member_number', sa.String(length=40), nullable=True),
        sa.Column('organisation_name', sa.String(length=160), nullable=False),
        sa.Column('kind_code', sa.String(length=20), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(['membership_id'], ['membership.id']),
        sa.ForeignKeyConstraint(['run_id'], ['payment_run.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_payment_line_membership', 'payment_line', ['membership_id', 'run_id'])
    op.create_index(op.f('ix_payment_line_run_id'), 'payment_line', ['run_id'])


def downgrade():
    op.drop_index(op.f('ix_payment_line_run_id'), table_name='payment_line')
    op.drop_index('ix_payment_line_membership', table_name='payment_line')
    op.drop_table('payment_line')
    op.drop_table('payment_run')
    op.drop_index('ix_payment_rate_kind_from', table_name='payment_rate')
    op.drop_table('payment_rate')
    op.drop_table('office_letterhead')
