"""Forms of the tali asih pages: a rate, the month to prepare, a correction."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from .. import months
from ..forms import ChoiceField, clean_text

MONTH_INPUT = {"type": "month", "placeholder": "2026-01"}


class MonthField(StringField):
    """'2026-11' -> date(2026, 11, 1) in .month; an unreadable value is the field's error."""

    def __init__(self, label, required=True, **kwargs):
        kwargs.setdefault("render_kw", MONTH_INPUT)
        kwargs.setdefault("description", _l("Tahun-bulan, contoh: 2026-01."))
        self.required = required
        super().__init__(label, **kwargs)

    def pre_validate(self, form):
        self.month = months.parse(self.data)
        if self.data and self.month is None:
            raise ValidationError(_l("Tulis bulan sebagai tahun-bulan, contoh: 2026-01."))
        if self.required and self.month is None:
            raise ValidationError(_l("Isi bulan, contoh: 2026-01."))


class RateForm(FlaskForm):
    kind = ChoiceField(_l("Jenis organisasi"), invalid=_l("Pilih jenis organisasi dari daftar."))
    amount = IntegerField(
        _l("Tali asih sebulan (Rp)"),
        validators=[
            InputRequired(message=_l("Isi besarnya dalam rupiah, contoh: 200000.")),
            NumberRange(0, 100_000_000, message=_l("Isi antara 0 dan 100.000.000 rupiah.")),
        ],
        description=_l("Angka saja, tanpa titik. 0 berarti jenis ini tidak menerima tali asih."),
        render_kw={"inputmode": "numeric"},
    )
    valid_from = MonthField(_l("Berlaku mulai bulan"))
    valid_until = MonthField(
        _l("Berlaku sampai bulan"),
        required=False,
        description=_l("Kosongkan bila belum ada akhirnya."),
    )

    def fill_choices(self, kinds) -> None:
        self.kind.choices = [(str(k.id), k.name) for k in kinds]
        self.kinds = {str(k.id): k for k in kinds}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = (
            getattr(self.valid_from, "month", None),
            getattr(self.valid_until, "month", None),
        )
        if start and end and end < start:
            self.valid_until.errors = [_l("Bulan akhir tidak boleh sebelum bulan mulai.")]
            return False
        return valid


class MonthForm(FlaskForm):
    """The month to prepare (a GET form) or to fix (the Tetapkan POST)."""

    month = MonthField(_l("Bulan"))


class CorrectionForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan koreksi"),
        validators=[
            DataRequired(message=_l("Tulis alasan koreksi: apa yang berubah sejak ditetapkan.")),
            Length(max=500, message=_l("Alasan paling panjang 500 karakter.")),
        ],
        filters=[clean_text],
        render_kw={"rows": 3, "maxlength": 500},
    )
