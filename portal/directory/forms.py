"""The directory's search forms: GET, no CSRF, so every search is a shareable URL."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional

from ..forms import FilterField, SearchForm, clean_text
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
    """A filter's validated value: an id, or None for "all"."""
    return int(value) if value else None


class MemberSearchForm(SearchForm):
    q = _query_field(_l("Nama relawan"))
    jenis = FilterField(_l("Jenis organisasi"))
    organisasi = FilterField(_l("Organisasi"))
    kecamatan = FilterField(_l("Kecamatan"))
    desa = FilterField(_l("Desa"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jenis.choices = services.kind_choices(_l("Semua jenis"))
        self.organisasi.choices = services.organisation_choices(_l("Semua organisasi"))
        self.kecamatan.choices, self.desa.choices = services.area_choices(
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
    jenis = FilterField(_l("Jenis organisasi"))
    kecamatan = FilterField(_l("Kecamatan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jenis.choices = services.kind_choices(_l("Semua jenis"))
        self.kecamatan.choices, _ = services.area_choices(_l("Semua kecamatan"), "")

    def filters(self) -> services.OrganisationFilters:
        return services.OrganisationFilters(
            q=self.q.data or "",
            kind_id=_int(self.jenis.data),
            kecamatan_id=_int(self.kecamatan.data),
        )
