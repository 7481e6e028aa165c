"""WhatsApp links: the one way the portal prepares a message for a person or a group.

There is no free sending API, so the portal prepares the message and the person sends it
in one tap: `chat_url` opens a chat with one number, `share_url` lets WhatsApp ask whom
(or which group) to send it to.
"""

from urllib.parse import quote

from .phone import wa_number


def chat_url(e164: str, text: str | None = None) -> str:
    """A wa.me link that opens a chat with this number, optionally with a message typed."""
    url = f"https://wa.me/{wa_number(e164)}"
    return f"{url}?text={quote(text, safe='')}" if text else url


def share_url(text: str) -> str:
    """wa.me with no number: WhatsApp asks whom (or which group) to send it to."""
    return "https://wa.me/?text=" + quote(text, safe="")
