"""The fixed list as a workbook for the treasurer: the paid members with the total, and
those left out with the reason."""

from flask_babel import gettext as _

from .. import exports, months
from ..extensions import db
from . import services


def run_sheets(run) -> list[exports.Sheet]:
    label = months.label(run.month)
    if run.number > 1:
        label = f"{label} ({_('koreksi %(n)d', n=run.number - 1)})"
    paid = db.session.scalars(services.lines_stmt(run, paid=True))
    apart = db.session.scalars(services.lines_stmt(run, paid=False))
    number = exports.Column(_("No. anggota"), exports.TEXT)
    paid_rows = [
        [i, line.full_name, line.member_number, line.organisation_name, line.kind_code, line.amount]
        for i, line in enumerate(paid, start=1)
    ]
    paid_rows.append([None, _("Jumlah"), None, None, None, run.total])
    return [
        exports.Sheet(
            _("Dibayar"),
            [
                _("No"),
                _("Nama"),
                number,
                _("Organisasi"),
                _("Jenis"),
                exports.Column(_("Jumlah"), exports.MONEY),
            ],
            paid_rows,
            title=_("Daftar penerima tali asih %(month)s", month=label),
        ),
        exports.Sheet(
            _("Tidak dibayar"),
            [_("No"), _("Nama"), number, _("Organisasi"), _("Alasan")],
            (
                [
                    i,
                    line.full_name,
                    line.member_number,
                    line.organisation_name,
                    str(services.REASONS[line.reason]),
                ]
                for i, line in enumerate(apart, start=1)
            ),
            title=_("Tidak menerima tali asih %(month)s", month=label),
        ),
    ]
