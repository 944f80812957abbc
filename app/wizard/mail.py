"""Sending the resume e-mail: over SMTP, or into a local outbox folder.

With MAIL_SERVER set, messages go over SMTP (STARTTLS unless MAIL_USE_TLS is
off). Without it, in development and tests, each message is written as an
.eml file in MAIL_OUTBOX_DIR, so nobody needs a mail server to try the flow.
"""

from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER") or current_app.config.get("MAIL_OUTBOX_DIR"))


def send_mail(to: str, subject: str, body: str, lang: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Content-Language"] = lang
    message.set_content(body)
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return
    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / f"{time.time_ns()}.eml").write_bytes(message.as_bytes())
