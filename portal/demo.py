"""Demo data for trying the portal: an admin, six organisations, their people.

Idempotent: run it again and nothing is duplicated. Never run on a real deployment.
"""

from sqlalchemy import select

from . import passwords
from .extensions import db
from .i18n import today_wib
from .models import Area, Membership, Organisation, OrganisationKind, User
from .models.organisations import ACTIVE, PENDING, ROLE_COORDINATOR, ROLE_MEMBER

DEMO_PASSWORD = "relawan-simpul-demo"  # noqa: S105 - printed for demo log-ins, demo data only
ADMIN_PHONE = "+6281200000001"

# (name, short, kind code, description, coordinator, members, applicant)
ORGANISATIONS = [
    (
        "Tagana Belitung Timur",
        "Tagana",
        "TAGANA",
        "Taruna Siaga Bencana: relawan penanggulangan bencana berbasis masyarakat.",
        "Rudi Hartono",
        ["Agus Salim", "Dewi Lestari", "Fajar Nugroho", "Hendra Wijaya"],
        "Irfan Maulana",
    ),
    (
        "PSM Belitung Timur",
        "PSM",
        "PSM",
        "Pekerja Sosial Masyarakat di setiap desa.",
        "Siti Aminah",
        ["Nur Aisyah", "Bambang Sutrisno", "Yuliana Sari"],
        "Rahmat Hidayat",
    ),
    (
        "TKSK Belitung Timur",
        "TKSK",
        "TKSK",
        "Tenaga Kesejahteraan Sosial Kecamatan, satu di setiap kecamatan.",
        "Joko Susilo",
        ["Maya Anggraini", "Dedi Kurniawan", "Sri Wahyuni"],
        "Tono Prasetyo",
    ),
    (
        "P2TP2A/UPTD PPA Belitung Timur",
        "UPTD PPA",
        "P2TP2A",
        "Layanan perlindungan perempuan dan anak korban kekerasan.",
        "Ratna Dewi",
        ["Lina Marlina", "Wati Susanti", "Andi Saputra"],
        "Desi Ratnasari",
    ),
    (
        "Forum Puspa Belitung Timur",
        "Puspa",
        "PUSPA",
        "Forum Partisipasi Publik untuk Kesejahteraan Perempuan dan Anak.",
        "Heni Purwanti",
        ["Eka Putri", "Yusuf Effendi", "Rina Oktaviani"],
        "Gita Permata",
    ),
    (
        "LK3 Manggar",
        "LK3",
        "LK3",
        "Lembaga Konsultasi Kesejahteraan Keluarga: konseling keluarga.",
        "Budi Santoso",
        ["Lestari Handayani", "Arif Rahman", "Novi Yanti"],
        "Wahyu Hidayat",
    ),
]


def _phone(n: int) -> str:
    return f"+62812{n:08d}"


def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo people and organisations; return (role, name, phone) log-ins."""
    desa = list(db.session.scalars(select(Area).where(Area.level == "desa").order_by(Area.code)))
    kinds = {k.code: k for k in db.session.scalars(select(OrganisationKind))}
    regency = db.session.scalar(select(Area).where(Area.level == "kabupaten"))
    hashed = passwords.hash_password(DEMO_PASSWORD)
    logins = []

    admin = _user(
        "Admin Dinas Sosial", ADMIN_PHONE, None, hashed, is_admin=True, email="admin@dinsos.example"
    )
    logins.append(("admin", admin.full_name, admin.phone))
    number = 100
    for org_index, (name, short, kind, description, coord, members, applicant) in enumerate(
        ORGANISATIONS
    ):
        org = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(
                name=name,
                short_name=short,
                kind_id=kinds[kind].id,
                area_id=regency.id if regency else None,
                description=description,
                contact_phone=_phone(900 + org_index),
                is_listed=True,
            )
            db.session.add(org)
            db.session.flush()
        people = [(coord, ROLE_COORDINATOR, ACTIVE)] + [(m, ROLE_MEMBER, ACTIVE) for m in members]
        people.append((applicant, ROLE_MEMBER, PENDING))
        for person_index, (person, role, status) in enumerate(people):
            number += 1
            home = desa[(org_index * 7 + person_index * 5) % len(desa)] if desa else None
            user = _user(person, _phone(number), home, hashed)
            _membership(user, org, role, status)
            if person_index == 0:
                logins.append((f"koordinator {short}", user.full_name, user.phone))
            elif status == ACTIVE and person_index == 1:
                logins.append((f"anggota {short}", user.full_name, user.phone))
            elif status == PENDING and org_index == 0:
                logins.append(("pendaftar (menunggu)", user.full_name, user.phone))
    return logins


def _user(name, phone, home, hashed, is_admin=False, email=None) -> User:
    user = db.session.scalar(select(User).where(User.phone == phone))
    if user is None:
        user = User(
            full_name=name,
            phone=phone,
            email=email,
            password_hash=hashed,
            is_admin=is_admin,
            home_desa_id=home.id if home else None,
        )
        db.session.add(user)
        db.session.flush()
    return user


def _membership(user, org, role, status) -> None:
    exists = db.session.scalar(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.organisation_id == org.id
        )
    )
    if not exists:
        db.session.add(
            Membership(
                user_id=user.id,
                organisation_id=org.id,
                role=role,
                status=status,
                joined_on=today_wib() if status == ACTIVE else None,
            )
        )
