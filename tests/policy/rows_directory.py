"""Policy rows for issue 6: the public directory, data rights, member list and import."""

from portal.extensions import db
from portal.models import DeletionRequest

from .table import admin_only, logged_in, public


def _deletion_request(world) -> dict:
    request = DeletionRequest(user_id=world.ids["member"])
    db.session.add(request)
    db.session.commit()
    return {"request": request.id}


ROWS = [
    # The public directory: no login, every role the same.
    public("GET", "/direktori/"),
    public("GET", "/direktori/?q=uji&organisasi={org_a}"),
    public("GET", "/direktori/organisasi"),
    public("GET", "/direktori/organisasi/{org_a}"),
    # Each person's own data and deletion request.
    logged_in("GET", "/akun/data"),
    logged_in("GET", "/akun/data.json"),
    logged_in("GET", "/akun/hapus"),
    logged_in("POST", "/akun/hapus", data={"password": ""}),
    logged_in("POST", "/akun/hapus/batal"),
    admin_only("GET", "/admin/permintaan-hapus"),
    admin_only("GET", "/admin/permintaan-hapus/{request}", setup=_deletion_request),
    admin_only("POST", "/admin/permintaan-hapus/{request}", setup=_deletion_request),
]
