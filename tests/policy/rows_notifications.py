"""Policy rows for password recovery, notification settings, push devices, deliveries."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from portal.extensions import db
from portal.models import Membership, PushSubscription, User, utcnow
from portal.models.activation import EMAIL_CHECK, PASSWORD_RESET
from portal.organisations import activation as links

from .effects import exists
from .table import NEW_PASSWORD, SENT_HOME, admin_only, logged_in, own_org, public

_KEY = ec.generate_private_key(ec.SECP256R1()).public_key()
P256DH = (
    base64.urlsafe_b64encode(
        _KEY.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    .rstrip(b"=")
    .decode()
)
AUTH = base64.urlsafe_b64encode(b"0123456789abcdef").rstrip(b"=").decode()
ENDPOINT = "https://fcm.googleapis.com/fcm/send/policy-device"


def _reset_link(world) -> dict:
    membership = db.session.get(Membership, world.memberships["member"])
    link = links.new_link(
        membership.user_id, PASSWORD_RESET, links._lifetime(), membership=membership
    )
    db.session.commit()
    return {"token": links.token_for(link)}


def _email_link(world) -> dict:
    user = db.session.get(User, world.ids["member"])
    user.email = "anggota@example.org"
    link = links.new_link(user.id, EMAIL_CHECK, links._lifetime())
    db.session.commit()
    return {"token": links.token_for(link)}


def _with_email(world) -> dict:
    for uid in world.ids.values():
        db.session.get(User, uid).email = f"u{uid}@example.org"
    db.session.commit()
    return {}


def _verified(world) -> dict:
    user = db.session.get(User, world.ids["member"])
    user.email, user.email_verified_at = "anggota@example.org", utcnow()
    db.session.commit()
    return {}


def _meeting(world) -> dict:
    from datetime import timedelta

    from ..notifications.helpers import make_meeting

    meeting = make_meeting(world, utcnow() + timedelta(days=2), invite=["member"])
    return {"meeting": meeting.id}


ROWS = [
    public("GET", "/lupa-sandi", status=SENT_HOME),
    public(
        "POST",
        "/lupa-sandi",
        data={"email": "anggota@example.org"},
        setup=_verified,
        status=SENT_HOME,
    ),
    public("GET", "/atur-ulang-sandi?token={token}", setup=_reset_link),
    public(
        "POST",
        "/atur-ulang-sandi",
        data={"token": "{token}", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        setup=_reset_link,
    ),
    own_org(
        "POST",
        "/organisasi/{org_a}/anggota/{membership_member}/atur-ulang",
        effect=exists(
            links.MemberActivation,
            lambda w, r: (links.MemberActivation.purpose == PASSWORD_RESET,),
        ),
    ),
    own_org(
        "GET",
        "/organisasi/{org_a}/anggota/{membership_member}/atur-ulang.svg",
        setup=_reset_link,
    ),
    logged_in("POST", "/akun/email/periksa", setup=_with_email),
    public("GET", "/akun/email/periksa?token={token}", setup=_email_link),
    public(
        "POST",
        "/akun/email/sah",
        data={"token": "{token}"},
        setup=_email_link,
        status=303,
        effect=exists(
            User, lambda w, r: (User.id == w.ids["member"], User.email_verified_at.isnot(None))
        ),
    ),
    logged_in("GET", "/notifikasi/pengaturan"),
    logged_in(
        "POST",
        "/notifikasi/pengaturan",
        data={"enabled": "meeting.invited|push"},
    ),
    logged_in(
        "POST",
        "/notifikasi/push",
        data={"endpoint": ENDPOINT, "p256dh": P256DH, "auth": AUTH},
        status=201,
        effect=exists(PushSubscription, lambda w, r: (PushSubscription.user_id == w.ids[r],)),
    ),
    logged_in("POST", "/notifikasi/push/hapus", data={"endpoint": ENDPOINT}),
    admin_only("GET", "/notifikasi/pengiriman"),
    own_org("GET", "/notifikasi/whatsapp/rapat/{meeting}", setup=_meeting),
    own_org("GET", "/notifikasi/whatsapp/laporan/{org_a}"),
]
