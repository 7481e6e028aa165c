"""Check each row of a member list: its problems in Bahasa Indonesia, and what saving does.

Problems of the row itself (a bad phone number, an unknown desa, a formula) come first,
then duplicates within the file, then what the database already holds: an account
with that phone (already a member here: left alone), an e-mail used by someone else.
"""

import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import phone
from ..extensions import db
from ..forms import clean_text
from ..models import Area, Membership, User
from ..models.imports import ROW_EXISTING, ROW_MEMBER, ROW_NEW, ROW_PROBLEM
from .parsing import SheetRow, field_label

MAX_NAME = 120
MAX_CODE = 40
CHUNK = 500
_SPACES = re.compile(r"\s+")
_AREA_PREFIX = re.compile(r"^(desa|kelurahan|kel\.?|ds\.?|kecamatan|kec\.?)\s+")
_AREA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


@dataclass
class CheckedRow:
    line: int
    full_name: str
    phone_raw: str
    phone: str | None
    email: str | None
    desa_raw: str
    desa_id: int | None
    member_number: str | None
    grade: str | None
    problems: list[str] = field(default_factory=list)
    outcome: str = ROW_NEW
    existing_user_id: int | None = None

    def as_row(self) -> dict:
        return {
            "line": self.line,
            "full_name": self.full_name[:200],
            "phone_raw": self.phone_raw[:60],
            "phone": self.phone,
            "email": self.email,
            "desa_raw": self.desa_raw[:120],
            "desa_id": self.desa_id,
            "member_number": (self.member_number or "")[:60] or None,
            "grade": (self.grade or "")[:60] or None,
            "outcome": self.outcome,
            "problems": self.problems,
            "existing_user_id": self.existing_user_id,
        }


def _area_key(text: str) -> str:
    return _AREA_PREFIX.sub("", _SPACES.sub(" ", text.strip().lower()))


class DesaIndex:
    """Every desa by name (without 'Desa'/'Kelurahan'), by Kemendagri code, and its kecamatan."""

    def __init__(self):
        areas = db.session.execute(
            select(Area.id, Area.code, Area.name, Area.level, Area.parent_id).where(
                Area.level.in_(("kecamatan", "desa")), Area.is_active
            )
        ).all()
        self.kecamatan = {_area_key(a.name): a.id for a in areas if a.level == "kecamatan"}
        self.kecamatan_name = {a.id: a.name for a in areas if a.level == "kecamatan"}
        self.by_name: dict[str, list[tuple[int, int | None]]] = {}
        self.by_code: dict[str, int] = {}
        for a in areas:
            if a.level == "desa":
                self.by_name.setdefault(_area_key(a.name), []).append((a.id, a.parent_id))
                self.by_code[a.code] = a.id

    def find(self, desa: str, kecamatan: str) -> tuple[int | None, str | None]:
        """(desa id, None) or (None, the problem)."""
        if not desa:
            return None, _("Desa kosong.")
        if _AREA_CODE.match(desa.strip()):
            found = self.by_code.get(desa.strip())
            return (
                (found, None)
                if found
                else (None, _("Kode desa %(code)s tidak dikenal.", code=desa))
            )
        kec_id = None
        if kecamatan:
            kec_id = self.kecamatan.get(_area_key(kecamatan))
            if kec_id is None:
                return None, _("Kecamatan %(kec)s tidak dikenal.", kec=kecamatan)
        candidates = self.by_name.get(_area_key(desa), [])
        if kec_id is not None:
            inside = [c for c in candidates if c[1] == kec_id]
            if not inside and candidates:
                return None, _(
                    "Desa %(desa)s tidak ada di Kecamatan %(kec)s.",
                    desa=desa,
                    kec=self.kecamatan_name[kec_id],
                )
            candidates = inside
        if not candidates:
            return None, _("Desa %(desa)s tidak dikenal di daftar wilayah.", desa=desa)
        if len(candidates) > 1:
            return None, _("Ada beberapa desa bernama %(desa)s: isi kolom Kecamatan.", desa=desa)
        return candidates[0][0], None


def _name_problem(name: str) -> str | None:
    if not name:
        return _("Nama kosong.")
    if len(name) > MAX_NAME:
        return _("Nama terlalu panjang (maksimal %(n)d karakter).", n=MAX_NAME)
    if not name[0].isalpha():
        return _("Nama harus diawali huruf.")
    return None


def _phone(raw: str) -> tuple[str | None, str | None]:
    if not raw:
        return None, _("Nomor HP kosong.")
    try:
        return phone.normalise(raw), None
    except phone.InvalidPhone:
        return None, _("Nomor HP %(raw)s tidak dikenali. Contoh: 0812-3456-7890.", raw=raw[:30])


def _email_problem(email: str | None) -> str | None:
    if not email:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _("E-mail %(email)s tidak valid.", email=email[:60])
    return None if len(email) <= 254 else _("E-mail terlalu panjang.")


def _check_own(row: SheetRow, desa_index: DesaIndex) -> CheckedRow:
    """Everything that can be said of a row without looking at other rows or accounts."""
    v = {k: clean_text(val) or "" for k, val in row.values.items()}
    # A formula's text is not the value the person meant: say so, and check nothing else
    # of that cell, so the row does not list the same cell twice.
    problems = [
        _("Kolom %(column)s berisi rumus: tulis nilainya saja.", column=field_label(name))
        for name in sorted(row.formulas)
    ]
    checked = {name: ("" if name in row.formulas else value) for name, value in v.items()}
    name = _SPACES.sub(" ", v["full_name"])
    e164, phone_problem = _phone(checked["phone"])
    email = checked["email"].lower() or None
    desa_id, desa_problem = desa_index.find(checked["desa"], checked["kecamatan"])
    own = {
        "full_name": _name_problem(_SPACES.sub(" ", checked["full_name"])),
        "phone": phone_problem,
        "email": _email_problem(email),
        "desa": desa_problem,
    }
    problems += [p for key, p in own.items() if p and key not in row.formulas]
    for key, label in (("member_number", "Nomor anggota"), ("grade", "Tingkatan")):
        if len(v[key]) > MAX_CODE:
            problems.append(_("%(column)s maksimal %(n)d karakter.", column=label, n=MAX_CODE))
    return CheckedRow(
        line=row.line,
        full_name=name,
        phone_raw=v["phone"],
        phone=e164,
        email=email,
        desa_raw=v["desa"],
        desa_id=desa_id,
        member_number=v["member_number"] or None,
        grade=v["grade"] or None,
        problems=problems,
    )


def _mark_duplicates(rows: list[CheckedRow]) -> None:
    for attr, message in (
        ("phone", _l("Nomor HP sama dengan baris %(line)d.")),
        ("email", _l("E-mail sama dengan baris %(line)d.")),
    ):
        first: dict[str, int] = {}
        for row in rows:
            value = getattr(row, attr)
            if not value:
                continue
            if value in first:
                row.problems.append(str(message) % {"line": first[value]})
            else:
                first[value] = row.line


def chunks(values: list) -> list[list]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _lookup(key, value, wanted: set, *conditions) -> dict:
    """{key: value} for the wanted keys, a few hundred per query."""
    found: dict = {}
    for chunk in chunks(sorted(wanted)):
        found.update(
            db.session.execute(select(key, value).where(key.in_(chunk), *conditions)).all()
        )
    return found


def decide_outcomes(rows: list[CheckedRow], organisation_id: int, allow_existing: bool) -> None:
    """Compare the rows with the accounts the database holds, a few queries in all."""
    users_by_phone = _lookup(User.phone, User.id, {r.phone for r in rows if r.phone})
    users_by_email = _lookup(func.lower(User.email), User.id, {r.email for r in rows if r.email})
    member_ids = set(
        _lookup(
            Membership.user_id,
            Membership.user_id,
            set(users_by_phone.values()),
            Membership.organisation_id == organisation_id,
        )
    )
    for row in rows:
        user_id = users_by_phone.get(row.phone) if row.phone else None
        row.existing_user_id = user_id
        if user_id is not None and user_id in member_ids:
            row.outcome, row.problems = ROW_MEMBER, []
            continue
        if user_id is not None and not allow_existing:
            row.problems.append(
                _(
                    "Nomor HP ini sudah dipakai akun lain di Simpul. Minta admin Dinas Sosial "
                    "menambahkannya ke organisasi Anda."
                )
            )
        owner = users_by_email.get(row.email) if row.email else None
        if owner is not None and owner != user_id:
            row.problems.append(_("E-mail ini sudah dipakai akun lain."))
        if row.problems:
            row.outcome = ROW_PROBLEM
        else:
            row.outcome = ROW_EXISTING if user_id is not None else ROW_NEW


def check_rows(
    sheet_rows: list[SheetRow], organisation_id: int, allow_existing: bool
) -> list[CheckedRow]:
    desa_index = DesaIndex()
    rows = [_check_own(row, desa_index) for row in sheet_rows]
    _mark_duplicates(rows)
    decide_outcomes(rows, organisation_id, allow_existing)
    return rows


def recheck(organisation_id: int, rows: list, allow_existing: bool) -> bool:
    """Compare the importable rows with the accounts as they are now; True if any changed."""
    checked = [
        CheckedRow(
            line=r.line,
            full_name=r.full_name,
            phone_raw=r.phone_raw,
            phone=r.phone,
            email=r.email,
            desa_raw=r.desa_raw,
            desa_id=r.desa_id,
            member_number=r.member_number,
            grade=r.grade,
        )
        for r in rows
    ]
    decide_outcomes(checked, organisation_id, allow_existing)
    changed = False
    for row, now in zip(rows, checked, strict=True):
        if (row.outcome, row.existing_user_id) != (now.outcome, now.existing_user_id):
            row.outcome, row.problems, row.existing_user_id = (
                now.outcome,
                now.problems,
                now.existing_user_id,
            )
            changed = True
    return changed
