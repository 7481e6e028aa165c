"""What the meeting vocabulary reads as in the UI (Bahasa Indonesia msgids)."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "rakor": _l("Rapat koordinasi (rakor)"),
    "pembinaan": _l("Pembinaan"),
    "bimtek": _l("Bimbingan teknis (bimtek)"),
    "piket": _l("Piket"),
}
KIND_SHORT = {
    "rakor": _l("Rakor"),
    "pembinaan": _l("Pembinaan"),
    "bimtek": _l("Bimtek"),
    "piket": _l("Piket"),
}
LEVEL_LABELS = {
    "desa": _l("Tingkat desa"),
    "kecamatan": _l("Tingkat kecamatan"),
    "kabupaten": _l("Tingkat kabupaten"),
}
RSVP_LABELS = {
    "pending": _l("Belum menjawab"),
    "yes": _l("Hadir"),
    "no": _l("Tidak hadir"),
    "maybe": _l("Mungkin"),
}
ATTENDANCE_LABELS = {
    "hadir": _l("Hadir"),
    "izin": _l("Izin"),
    "sakit": _l("Sakit"),
    "tidak_hadir": _l("Tidak hadir"),
}
METHOD_LABELS = {
    "qr": _l("pindai kode QR"),
    "kode": _l("ketik kode"),
    "manual": _l("dicatat penyelenggara"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def kind_short(kind: str) -> str:
    return str(KIND_SHORT.get(kind, kind))


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def rsvp_label(rsvp: str | None) -> str:
    return str(RSVP_LABELS.get(rsvp or "pending", rsvp))


def attendance_label(status: str | None) -> str:
    return str(ATTENDANCE_LABELS[status]) if status in ATTENDANCE_LABELS else "—"


def method_label(method: str | None) -> str:
    return str(METHOD_LABELS.get(method, "")) if method else ""


TEMPLATE_FUNCTIONS = {
    "meeting_kind_label": kind_label,
    "meeting_kind_short": kind_short,
    "meeting_level_label": level_label,
    "rsvp_label": rsvp_label,
    "attendance_label": attendance_label,
    "checkin_method_label": method_label,
}
