"""How kinds, audiences and statuses of material read in the interface."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "pedoman": _l("Pedoman"),
    "modul": _l("Modul pelatihan"),
    "sop": _l("SOP"),
    "regulasi": _l("Regulasi"),
    "video": _l("Video"),
    "lainnya": _l("Lainnya"),
}
AUDIENCE_LABELS = {
    "organisations": _l("Anggota organisasi yang dipilih"),
    "members": _l("Semua anggota, semua organisasi"),
    "public": _l("Publik: siapa saja, tanpa masuk"),
}
STATUS_LABELS = {
    "draft": _l("draf"),
    "published": _l("terbit"),
    "archived": _l("diarsipkan"),
}
