"""Turn the JSON of a person's data into labelled, formatted nodes a page can show.

Sections come from every feature, so the shape is not known in advance: dicts become
labelled groups, lists of dicts become numbered entries, ISO dates read as WIB dates.
Long lists show their first entries; the JSON download always holds them all.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import datetime_wib, long_date
from ..phone import display

SHOWN_PER_LIST = 50
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

LABELS = {
    "profile": _l("Profil"),
    "account_deletion": _l("Permintaan hapus akun"),
    "activation_links": _l("Tautan aktivasi"),
    "activities": _l("Kegiatan"),
    "reports": _l("Laporan bulanan"),
    "monthly_reports": _l("Laporan bulanan"),
    "invitations": _l("Undangan rakor"),
    "meetings": _l("Rakor"),
    "materials": _l("Materi pembinaan"),
    "material_progress": _l("Kemajuan materi"),
    "full_name": _l("Nama lengkap"),
    "phone": _l("Nomor HP"),
    "email": _l("E-mail"),
    "home_desa": _l("Desa tempat tinggal"),
    "directory": _l("Direktori publik"),
    "listed": _l("Tampil di direktori"),
    "show_phone": _l("Nomor HP tampil"),
    "created_at": _l("Dibuat"),
    "last_login_at": _l("Terakhir masuk"),
    "memberships": _l("Keanggotaan"),
    "organisation": _l("Organisasi"),
    "role": _l("Peran"),
    "status": _l("Status"),
    "member_number": _l("Nomor anggota"),
    "grade": _l("Tingkatan"),
    "applied_at": _l("Mendaftar"),
    "joined_on": _l("Bergabung"),
    "decision_note": _l("Catatan koordinator"),
    "consents": _l("Persetujuan"),
    "document": _l("Dokumen"),
    "version": _l("Versi"),
    "given_at": _l("Diberikan"),
    "withdrawn_at": _l("Ditarik"),
    "audit_events": _l("Catatan audit tentang Anda"),
    "at": _l("Waktu"),
    "action": _l("Tindakan"),
    "object": _l("Objek"),
    "ip": _l("Alamat IP"),
    "requested_at": _l("Diminta"),
    "reason": _l("Alasan"),
    "decided_at": _l("Diproses"),
    "expires_at": _l("Berlaku sampai"),
    "used_at": _l("Dipakai"),
}


@dataclass
class Node:
    label: str
    text: str | None = None  # a formatted scalar
    children: list["Node"] = field(default_factory=list)
    numbered: bool = False  # children are the entries of a list
    hidden: int = 0  # entries left out of a long list


def label(key) -> str:
    known = LABELS.get(str(key))
    return str(known) if known else str(key).replace("_", " ").capitalize()


def scalar(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, datetime):
        return datetime_wib(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, str):
        try:
            if _DATETIME.match(value):
                return datetime_wib(datetime.fromisoformat(value))
            if _DATE.match(value):
                return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def build(key, value) -> Node:
    node = Node(label(key))
    if isinstance(value, dict):
        node.children = [build(k, v) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        node.numbered = True
        shown = value[:SHOWN_PER_LIST]
        node.hidden = len(value) - len(shown)
        node.children = [build(f"{i}", item) for i, item in enumerate(shown, start=1)]
        if not value:
            node.text = "—"
    elif key == "phone" and isinstance(value, str) and value.startswith("+62"):
        node.text = display(value)
    else:
        node.text = scalar(value)
    return node


def sections(data: dict) -> list[Node]:
    """The profile first, then every feature's section in the order collected."""
    ordered = sorted(data.items(), key=lambda item: item[0] != "profile")
    return [build(name, value) for name, value in ordered]
