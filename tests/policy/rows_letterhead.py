"""Policy rows for the letterhead (kop surat) the admin sets (issue 14)."""

from portal.models import OfficeLetterhead

from .effects import exists
from .table import admin_only

FORM = {
    "parent": "Pemerintah Kabupaten Belitung Timur",
    "name": "Dinas Sosial Kabupaten Belitung Timur",
    "address": "Manggar",
    "city": "Manggar",
    "head_name": "",
    "head_nip": "",
}

ROWS = [
    admin_only("GET", "/admin/kop-surat"),
    admin_only(
        "POST",
        "/admin/kop-surat",
        data=FORM,
        effect=exists(OfficeLetterhead, lambda w, r: (OfficeLetterhead.city == "Manggar",)),
    ),
]
