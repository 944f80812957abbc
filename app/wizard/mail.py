"""Sending the resume e-mail: over SMTP, or into a local outbox folder.

With MAIL_SERVER set, messages go over SMTP (STARTTLS unless MAIL_USE_TLS is
off). Without it, in development and tests, each message is written as an
.eml file in MAIL_OUTBOX_DIR, so nobody needs a mail server to try the flow.

Addresses may have accents: the domain is sent in its ASCII (IDNA) form, and
a mailbox name with accents (ñandú@…) goes out as an internationalized
message (RFC 6531/6532: SMTPUTF8, headers in UTF-8), never as an encoded-word,
which no server delivers.
"""

from __future__ import annotations

import smtplib
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import current_app


class MailNotSent(Exception):
    """The message could not be handed to the mail server."""


class RecipientNotSupported(MailNotSent):
    """The address needs SMTPUTF8 (accents before the @), which the mail server lacks."""


def mail_enabled() -> bool:
    """A link can be e-mailed: somewhere to send it, and a configured host to link to."""
    config = current_app.config
    return bool((config.get("MAIL_SERVER") or config.get("MAIL_OUTBOX_DIR")) and config.get("PUBLIC_BASE_URL"))


def deliverable_address(address: str) -> str:
    """`address` as it goes on the wire: normalized, the domain in ASCII when
    only the domain has accents (then any server can deliver it)."""
    try:
        checked = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError:
        return address.strip()
    return checked.ascii_email or checked.normalized


def build_message(to: str, subject: str, body: str, lang: str) -> EmailMessage:
    recipient = deliverable_address(to)
    message = EmailMessage(policy=policy.default if recipient.isascii() else policy.SMTPUTF8)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    message["Content-Language"] = lang  # after set_content, which drops every Content-* header
    return message


def send_mail(to: str, subject: str, body: str, lang: str, tag: str = "") -> None:
    """Send, or write to the outbox (named with `tag`, so the messages of one
    questionnaire can be found and deleted); `MailNotSent` when the server would not take it."""
    config = current_app.config
    message = build_message(to, subject, body, lang)
    if config.get("MAIL_SERVER"):
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
                smtp.ehlo_or_helo_if_needed()
                if not message["To"].isascii() and not smtp.has_extn("smtputf8"):
                    raise RecipientNotSupported(to)
                smtp.send_message(message)  # asks for SMTPUTF8 itself when the address needs it
        except (smtplib.SMTPException, OSError) as error:
            current_app.logger.warning("Resume e-mail not sent: %s", error)
            raise MailNotSent(to) from error
        return
    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / f"{time.time_ns()}-{tag or 'untagged'}.eml").write_bytes(message.as_bytes())
