"""Policy rows for issue 6: the public directory, data rights, member list and import."""

from .table import public

ROWS = [
    # The public directory: no login, every role the same.
    public("GET", "/direktori/"),
    public("GET", "/direktori/?q=uji&organisasi={org_a}"),
    public("GET", "/direktori/organisasi"),
    public("GET", "/direktori/organisasi/{org_a}"),
]
