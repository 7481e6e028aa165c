"""The directory's search forms: GET, no CSRF, so every search is a shareable URL."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from ..forms import SearchForm, clean_text
from . import services

TOO_LONG = _l("Kata pencarian terlalu panjang: paling banyak %(max)d karakter.")


def _query_field(label):
    return StringField(
        label,
        validators=[Optional(), Length(max=services.MAX_QUERY_LENGTH, message=TOO_LONG)],
        filters=[clean_text],
        render_kw={"type": "search", "autocomplete": "off", "enterkeyhint": "search"},
    )


def _int(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


class MemberSearchForm(SearchForm):
    q = _query_field(_l("Nama relawan"))
    jenis = SelectField(_l("Jenis organisasi"), validate_choice=False)
    organisasi = SelectField(_l("Organisasi"), validate_choice=False)
    kecamatan = SelectField(_l("Kecamatan"), validate_choice=False)
    desa = SelectField(_l("Desa"), validate_choice=False)

    def fill_choices(self) -> None:
        self.jenis.choices = services.kind_choices(_l("Semua jenis"))
        self.organisasi.choices = services.organisation_choices(_l("Semua organisasi"))
        self.kecamatan.choices, self.desa_groups = services.area_choices(
            _l("Semua kecamatan"), _l("Semua desa")
        )

    def filters(self) -> services.MemberFilters:
        return services.MemberFilters(
            q=self.q.data or "",
            kind_id=_int(self.jenis.data),
            organisation_id=_int(self.organisasi.data),
            kecamatan_id=_int(self.kecamatan.data),
            desa_id=_int(self.desa.data),
        )


class OrganisationSearchForm(SearchForm):
    q = _query_field(_l("Nama organisasi"))
    jenis = SelectField(_l("Jenis organisasi"), validate_choice=False)
    kecamatan = SelectField(_l("Kecamatan"), validate_choice=False)

    def fill_choices(self) -> None:
        self.jenis.choices = services.kind_choices(_l("Semua jenis"))
        self.kecamatan.choices, _ = services.area_choices(_l("Semua kecamatan"), "")

    def filters(self) -> services.OrganisationFilters:
        return services.OrganisationFilters(
            q=self.q.data or "",
            kind_id=_int(self.jenis.data),
            kecamatan_id=_int(self.kecamatan.data),
        )
