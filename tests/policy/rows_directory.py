"""Policy rows for issue 6: the public directory, data rights, member list and import."""

from portal.extensions import db
from portal.models import DeletionRequest, MemberImport, Membership, User

from .table import admin_only, coordinators, logged_in, own_org, public


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
    from portal.members import activation

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


ROWS = [
    # The public directory: no login, every role the same.
    public("GET", "/direktori/"),
    public("GET", "/direktori/organisasi"),
    public("GET", "/direktori/organisasi/{org_a}"),
    # Activation links: the link is the key; logged-in people may open one too.
    public("GET", "/aktivasi?token={token}", setup=_activation),
    public("POST", "/aktivasi", data={"token": "{token}", "password": "x"}, setup=_activation),
    # Each person's own data and deletion request.
    logged_in("GET", "/akun/data"),
    logged_in("GET", "/akun/data.json"),
    logged_in("GET", "/akun/hapus"),
    logged_in("POST", "/akun/hapus", data={"password": ""}),
    logged_in("POST", "/akun/hapus/batal"),
    admin_only("GET", "/admin/permintaan-hapus"),
    admin_only("GET", "/admin/permintaan-hapus/{request}", setup=_deletion_request),
    admin_only("POST", "/admin/permintaan-hapus/{request}", setup=_deletion_request),
    # The coordinator's members: own organisation only; another's is "not found".
    coordinators("GET", "/organisasi/"),
    own_org("GET", "/organisasi/{org_a}/anggota/{membership_member}"),
    own_org("POST", "/organisasi/{org_a}/anggota/{membership_member}/aktivasi"),
    own_org("GET", "/organisasi/{org_a}/anggota.csv"),
    own_org("GET", "/organisasi/{org_a}/impor"),
    own_org("POST", "/organisasi/{org_a}/impor"),
    own_org("GET", "/organisasi/{org_a}/impor/templat.xlsx"),
    own_org("GET", "/organisasi/{org_a}/impor/{batch}", setup=_batch),
    own_org("POST", "/organisasi/{org_a}/impor/{batch}/simpan", setup=_batch),
    own_org("POST", "/organisasi/{org_a}/impor/{batch}/batal", setup=_batch),
]
