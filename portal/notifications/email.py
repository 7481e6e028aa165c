"""The e-mail channel: one message over SMTP (the MAIL_* settings), plain text and HTML."""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from .render import Message


class SendError(Exception):
    """The message could not be handed over; the reason is kept on the delivery."""


def build(message: Message, to: str, locale: str) -> EmailMessage:
    cfg = current_app.config
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = cfg["MAIL_FROM"]
    mail["To"] = to
    mail["Message-ID"] = make_msgid(domain="simpul")
    mail["Content-Language"] = locale
    with force_locale(locale):
        text = message.text + (f"\n\n{message.link}\n" if message.link else "\n")
        mail.set_content(text + "\n-- \n" + cfg["OFFICE_NAME"] + "\n")
        mail.add_alternative(
            render_template("notifications/email.html", message=message, lang=locale),
            subtype="html",
        )
    return mail


def send(mail: EmailMessage) -> None:
    cfg = current_app.config
    timeout = cfg.get("MAIL_TIMEOUT", 10)
    try:
        if cfg.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(
                cfg["MAIL_SERVER"],
                cfg["MAIL_PORT"],
                timeout=timeout,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=timeout)
        with smtp:
            if cfg.get("MAIL_USE_TLS") and not cfg.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"SMTP: {type(exc).__name__}: {exc}"[:300]) from exc
