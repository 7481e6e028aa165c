"""notices: a kind and parameters instead of finished text

Revision ID: b705ffdced86
Revises: ab7d1658bbef
Create Date: 2026-12-02 14:30:00.000000

A notice is rendered in the reader's language when shown. The text stored so far was
written in the sender's language; it becomes a notice of kind "text" that shows as it is.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b705ffdced86'
down_revision = 'ab7d1658bbef'
branch_labels = None
depends_on = None

notice = sa.table(
    'notice',
    sa.column('id', sa.Integer()),
    sa.column('text', sa.String(length=500)),
    sa.column('kind', sa.String(length=40)),
    sa.column('params', sa.JSON()),
)


def upgrade():
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(notice.c.id, notice.c.text)).all()
    if rows:
        connection.execute(
            notice.update()
            .where(notice.c.id == sa.bindparam('notice_id'))
            .values(kind='text', params=sa.bindparam('text_params', type_=sa.JSON())),
            [{'notice_id': id_, 'text_params': {'text': text}} for id_, text in rows],
        )

    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column('params', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('text')


def downgrade():
    # Notices of other kinds had no text: they come back as their kind's name.
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.String(length=500), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(notice.c.id, notice.c.kind, notice.c.params)).all()
    if rows:
        connection.execute(
            notice.update()
            .where(notice.c.id == sa.bindparam('notice_id'))
            .values(text=sa.bindparam('old_text')),
            [
                {
                    'notice_id': id_,
                    'old_text': (params.get('text') if kind == 'text' else None) or kind,
                }
                for id_, kind, params in rows
            ],
        )

    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.alter_column('text', existing_type=sa.String(length=500), nullable=False)
        batch_op.drop_column('params')
        batch_op.drop_column('kind')
