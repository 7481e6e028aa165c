"""The coordinator's decision form, and the search over their member list."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from .. import areas
from ..forms import FilterField, SearchForm, clean_text
from .services import TRANSITIONS


class DecisionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(list(TRANSITIONS))])
    note = TextAreaField(
        _l("Catatan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=400, message=_l("Catatan maksimal 400 karakter."))],
        filters=[clean_text],
        render_kw={"rows": 2},
    )


STATUS_LABELS = {
    "pending": _l("menunggu"),
    "active": _l("aktif"),
    "rejected": _l("ditolak"),
    "suspended": _l("ditangguhkan"),
    "left": _l("keluar"),
}


class MemberSearchForm(SearchForm):
    """The coordinator's member list: a GET form, so a filtered list is a shareable URL."""

    q = StringField(
        _l("Cari nama, nomor HP atau nomor anggota"),
        validators=[
            Optional(),
            Length(
                max=100, message=_l("Kata pencarian terlalu panjang: paling banyak 100 karakter.")
            ),
        ],
        filters=[clean_text],
        render_kw={"type": "search", "autocomplete": "off"},
    )
    status = FilterField(_l("Status"))
    desa = FilterField(_l("Desa"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("Semua status")), *STATUS_LABELS.items()]
        self.desa.choices = areas.desa_choices(None, _l("Semua desa"))

    # After validation: a value among the choices, or "" (all).

    @property
    def status_value(self) -> str | None:
        return self.status.data or None

    @property
    def desa_id(self) -> int | None:
        return int(self.desa.data) if self.desa.data else None
