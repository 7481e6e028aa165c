"""How incident values read: answers, status."""

from flask_babel import lazy_gettext as _l

from ..models.incidents import ON_SITE, PENDING, READY, UNABLE

ANSWER_LABELS = {
    READY: _l("Siap berangkat"),
    UNABLE: _l("Tidak bisa"),
    ON_SITE: _l("Sudah di lokasi"),
    PENDING: _l("Belum menjawab"),
}


def answer_label(value: str) -> str:
    return str(ANSWER_LABELS.get(value, value))


TEMPLATE_FUNCTIONS = {"answer_label": answer_label, "ANSWER_LABELS": ANSWER_LABELS}
