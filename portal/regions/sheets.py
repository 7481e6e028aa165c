"""An area page as a workbook: the same figures as the page, one sheet per table."""

from flask_babel import gettext as _

from .. import exports, months
from .places import DESA, KABUPATEN, KECAMATAN


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _numbers(totals) -> list:
    return [totals.activities, _hours(totals.minutes), totals.people]


def area_sheets(data) -> list[exports.Sheet]:
    name = data.area.name if data.area is not None else _("Kabupaten")
    month = months.label(data.month)
    about = f"{name} · {month}"
    numbers = [_("Kegiatan"), _("Jam"), _("Orang dilayani")]
    history = [
        _("Kegiatan 12 bulan sebelumnya"),
        _("Jam 12 bulan sebelumnya"),
        _("Orang 12 bulan sebelumnya"),
    ]
    sheets = [
        exports.Sheet(
            _("Per bulan"),
            [_("Bulan"), *numbers],
            ([months.label(m), *_numbers(t)] for m, t in reversed(data.series)),
            title=_("Kegiatan per bulan · %(about)s", about=about),
        ),
    ]
    if data.children:
        child = _("Kecamatan") if data.level == KABUPATEN else _("Desa")
        sheets.insert(
            0,
            exports.Sheet(
                _("Per %(child)s", child=child.lower()),
                [exports.Column(child, exports.TEXT), _("Relawan aktif"), *numbers, *history],
                (
                    [c.area.name, c.members, *_numbers(c.this), *_numbers(c.history)]
                    for c in data.children
                ),
                title=_("Wilayah %(about)s", about=about),
            ),
        )
    sheets.append(
        exports.Sheet(
            _("Relawan per jenis"),
            [_("Jenis organisasi"), _("Relawan aktif")],
            ([k.name, k.members] for k in data.kinds),
            title=_("Relawan aktif per jenis · %(about)s", about=about),
        )
    )
    sheets.append(
        exports.Sheet(
            _("Laporan"),
            [
                _("Organisasi"),
                _("Jenis"),
                _("Relawan aktif"),
                _("Dikirim"),
                _("Diverifikasi"),
                _("Dikembalikan"),
                _("Belum"),
            ],
            (
                [
                    o.name,
                    o.kind_code,
                    o.members,
                    *(o.reports[s] for s in ("submitted", "verified", "returned", "draft")),
                ]
                for o in data.organisations
            ),
            title=_("Laporan %(about)s", about=about),
        )
    )
    sheets.append(
        exports.Sheet(
            _("Kehadiran rapat"),
            [_("Organisasi"), _("Jenis"), _("Undangan"), _("Hadir"), _("Kehadiran (%)")],
            (
                [o.name, o.kind_code, o.invited, o.attended, o.attendance]
                for o in data.organisations
                if o.invited
            ),
            title=_("Kehadiran rapat %(about)s", about=about),
        )
    )
    levels = {DESA: _("Desa"), KECAMATAN: _("Kecamatan")}
    sheets.append(
        exports.Sheet(
            _("Cakupan"),
            [_("Jenis organisasi"), _("Tingkat"), _("Wilayah tanpa anggota"), _("Kode")],
            ([g.kind.code, levels[g.level], a.name, a.code] for g in data.gaps for a in g.areas),
            title=_("Wilayah tanpa anggota · %(about)s", about=about),
        )
    )
    if data.ppks is not None:
        sheets.append(
            exports.Sheet(
                _("PPKS"),
                [_("Kategori PPKS"), _("Kegiatan"), _("Orang dilayani"), *history[::2]],
                (
                    [c.label, c.this.activities, c.this.people, c.last.activities, c.last.people]
                    for c in data.ppks
                ),
                title=_("Per kategori PPKS · %(about)s", about=about),
            )
        )
    return sheets
