"""Reference data from portal/data: areas, PSKS kinds, PPKS categories, activity types,
the tali asih rates and the incident kinds.

Idempotent: a row that exists (by code, or kind and name) is left as the admin edited it.
"""

import csv
from datetime import date
from importlib import resources

from sqlalchemy import select

from .extensions import db
from .models import ActivityType, Area, IncidentKind, OrganisationKind, PaymentRate, PpksCategory


def _rows(name: str) -> list[dict]:
    text = resources.files("portal").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def seed_reference() -> dict[str, int]:
    added = {"areas": _seed_areas(), "kinds": _seed_kinds(), "ppks": _seed_ppks()}
    added["activity_types"] = _seed_activity_types()
    added["payment_rates"] = _seed_payment_rates()
    added["incident_kinds"] = _seed_code_names(
        IncidentKind, _rows("incident_kinds.csv"), with_position=True
    )
    return added


def _seed_areas() -> int:
    existing = {a.code: a for a in db.session.scalars(select(Area))}
    added = 0
    for row in _rows("wilayah_beltim_kecamatan.csv"):
        code = row["kode"]
        if code in existing:
            continue
        level = "kabupaten" if code.count(".") == 1 else "kecamatan"
        parent = existing.get(code.rsplit(".", 1)[0]) if level == "kecamatan" else None
        area = Area(code=code, name=row["kecamatan"], level=level, parent=parent)
        db.session.add(area)
        existing[code] = area
        added += 1
    by_name = {a.name: a for a in existing.values() if a.level == "kecamatan"}
    for row in _rows("wilayah_beltim_desa.csv"):
        if row["kode"] in existing:
            continue
        db.session.add(
            Area(
                code=row["kode"],
                name=row["desa"],
                level="desa",
                kind=row["jenis"],
                parent=by_name[row["kecamatan"]],
            )
        )
        added += 1
    db.session.flush()
    return added


def _seed_code_names(model, rows, with_position=False) -> int:
    existing = set(db.session.scalars(select(model.code)))
    added = 0
    for row in rows:
        if row["kode"] in existing:
            continue
        obj = model(code=row["kode"], name=row["nama"], english=row.get("english"))
        if with_position:
            obj.position = int(row["no"])
        db.session.add(obj)
        added += 1
    db.session.flush()
    return added


def _seed_kinds() -> int:
    return _seed_code_names(
        OrganisationKind, _rows("psks.csv") + _rows("organisation_kinds_extra.csv")
    )


def _seed_ppks() -> int:
    return _seed_code_names(PpksCategory, _rows("ppks.csv"), with_position=True)


def _seed_activity_types() -> int:
    kinds = {k.code: k.id for k in db.session.scalars(select(OrganisationKind))}
    existing = set(db.session.execute(select(ActivityType.kind_id, ActivityType.name)).all())
    added = 0
    for row in _rows("activity_types.csv"):
        kind_id = kinds.get(row["kode_jenis"]) if row["kode_jenis"] else None
        if (kind_id, row["nama"]) in existing:
            continue
        db.session.add(ActivityType(kind_id=kind_id, name=row["nama"]))
        existing.add((kind_id, row["nama"]))
        added += 1
    db.session.flush()
    return added


def _seed_payment_rates() -> int:
    """Tali asih from payment_rates.csv, for a kind that has no rate yet."""
    kinds = {k.code: k.id for k in db.session.scalars(select(OrganisationKind))}
    rated = set(db.session.scalars(select(PaymentRate.kind_id)))
    added = 0
    for row in _rows("payment_rates.csv"):
        kind_id = kinds.get(row["kode_jenis"])
        if kind_id is None or kind_id in rated:
            continue
        db.session.add(
            PaymentRate(
                kind_id=kind_id,
                amount=int(row["sebulan"]),
                valid_from=date.fromisoformat(row["berlaku_mulai"]),
            )
        )
        rated.add(kind_id)
        added += 1
    db.session.flush()
    return added
