"""Bytes a phone transfers for the login page: first visit (empty cache) and a later one.

Measured in Chromium through the DevTools protocol (encodedDataLength: compressed bytes
on the wire, headers included). Budget (DESIGN.md section 8): first visit <= 40 KB,
later visits <= 8 KB.

    .venv/bin/python benchmarks/bench_first_visit.py [path ...]
"""

import sys

from playwright.sync_api import sync_playwright

from benchmarks._server import running_portal

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def transferred(page, cdp, url: str) -> tuple[int, int]:
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    return sum(sizes.values()), len(sizes)


def main(paths: list[str]) -> None:
    with running_portal() as (_app, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        for path in paths:
            first, n1 = transferred(page, cdp, base + path)
            later, n2 = transferred(page, cdp, base + path)
            print(
                f"{path}: first visit {first / 1024:.1f} KB in {n1} requests; "
                f"later visit {later / 1024:.1f} KB in {n2} requests"
            )
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["/masuk", "/daftar"])
