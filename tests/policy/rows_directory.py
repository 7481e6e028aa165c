"""Policy rows for issue 6: the public directory, data rights, member list and import."""

import io

from portal.extensions import db
from portal.models import DeletionRequest, MemberImport, Membership, User

from ..directory_helpers import xlsx
from ..factories import PASSWORD
from .effects import exists
from .table import NEW_PASSWORD, admin_only, coordinators, logged_in, own_org, public


def _batch(world) -> dict:
    """An import of organisation A waiting in preview, made by its coordinator."""
    batch = MemberImport(
        organisation_id=world.org_a, created_by_id=world.ids["coordinator"], filename="a.xlsx"
    )
    db.session.add(batch)
    db.session.commit()
    return {"batch": batch.id}


def _activation(world) -> dict:
    """An imported person of organisation A with an unused activation link."""
    from portal.organisations import activation

    person = User(full_name="Orang Impor", phone="+6281377700001")
    db.session.add(person)
    db.session.flush()
    membership = Membership(user_id=person.id, organisation_id=world.org_a, status="active")
    db.session.add(membership)
    db.session.flush()
    link = activation.issue(db.session.get(User, world.ids["coordinator"]), membership)
    db.session.commit()
    return {"token": activation.token_for(link)}


def _deletion_request(world) -> dict:
    request = DeletionRequest(user_id=world.ids["member"])
    db.session.add(request)
    db.session.commit()
    return {"request": request.id}


def _member_list(world, role) -> dict:
    """A spreadsheet with one new person, as a coordinator uploads it."""
    rows = [["Orang Baru", "0813 7770 0002", "", "", "Lalang Jaya"]]
    return {"file": (io.BytesIO(xlsx(rows)), "anggota.xlsx")}


ROWS = [
    # The public directory: no login, every role the same.
    public("GET", "/direktori/"),
    public("GET", "/direktori/organisasi"),
    public("GET", "/direktori/organisasi/{org_a}"),
    # Activation links: the link is the key; logged-in people may open one too.
    public("GET", "/aktivasi?token={token}", setup=_activation),
    public(
        "POST",
        "/aktivasi",
        data={
            "token": "{token}",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "consent": "y",
        },
        setup=_activation,
    ),
    # Each person's own data and deletion request.
    logged_in("GET", "/akun/data"),
    logged_in("POST", "/akun/data.json", status=200),
    logged_in("GET", "/akun/hapus"),
    logged_in(
        "POST",
        "/akun/hapus",
        data={"password": PASSWORD, "confirm": "y"},
        effect=exists(DeletionRequest, lambda w, r: (DeletionRequest.user_id == w.ids[r],)),
    ),
    logged_in("POST", "/akun/hapus/batal"),
    admin_only("GET", "/admin/permintaan-hapus"),
    admin_only("GET", "/admin/permintaan-hapus/{request}", setup=_deletion_request),
    admin_only(
        "POST", "/admin/permintaan-hapus/{request}", data={"confirm": "y"}, setup=_deletion_request
    ),
    # The coordinator's members: own organisation only; another's is "not found".
    coordinators("GET", "/organisasi/"),
    own_org("GET", "/organisasi/{org_a}/anggota/{membership_member}"),
    own_org("POST", "/organisasi/{org_a}/anggota/{membership_member}/aktivasi"),
    own_org("POST", "/organisasi/{org_a}/anggota.csv", status=200),
    own_org("GET", "/organisasi/{org_a}/impor"),
    own_org(
        "POST",
        "/organisasi/{org_a}/impor",
        data=_member_list,
        effect=exists(MemberImport, lambda w, r: (MemberImport.created_by_id == w.ids[r],)),
    ),
    own_org("GET", "/organisasi/{org_a}/impor/templat.xlsx"),
    own_org("GET", "/organisasi/{org_a}/impor/{batch}", setup=_batch),
    own_org("POST", "/organisasi/{org_a}/impor/{batch}/simpan", setup=_batch),
    own_org("POST", "/organisasi/{org_a}/impor/{batch}/batal", setup=_batch),
]
