"""Resume keys renewed on another device, the results page's way back, and
resume e-mails to addresses with accents (outbox and SMTP)."""

from __future__ import annotations

import email
import re
import socketserver
import threading
from collections.abc import Callable, Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from app.assessments import services as store
from app.chambers.models import Chamber
from app.extensions import db
from tests.wizard.conftest import WORKSHOP, Owner, csrf
from tests.wizard.test_save_and_resume import resume_keys

RENEWED = "were renewed on another device"


def resume_by_code(browser: Owner, code: str) -> None:
    form = browser.client.get("/demo/en/resume")
    response = browser.client.post("/demo/en/resume", data={"csrf_token": csrf(form.text), "code": code})
    assert response.status_code == 302, response.text
    browser.public_id = response.location.split("/questionnaire/")[1].split("/")[0]


def renew(browser: Owner) -> None:
    page = browser.client.get(browser.url(f"{browser.public_id}/save"))
    response = browser.client.post(browser.url(f"{browser.public_id}/save"),
                                   data={"csrf_token": csrf(page.text), "action": "renew"})
    assert response.status_code == 302


def test_renewing_on_another_device_locks_out_every_browser_that_held_the_old_keys(owner: Owner,
                                                                                 another_browser: Owner) -> None:
    owner.start()
    _, code = resume_keys(owner.get("profile").text)
    resume_by_code(another_browser, code)
    renew(another_browser)
    for path in ("step/profile", "review", "save", "results", "plan.pdf", "delete"):
        response = owner.client.get(owner.url(f"{owner.public_id}/{path}"))
        assert response.status_code == 302 and response.location.endswith("/resume"), path
    assert RENEWED in owner.client.get("/demo/en/resume").text
    other = another_browser.get("profile").text
    link, _ = resume_keys(other)
    assert store.resume_by_token(link.rsplit("/", 1)[1], owner.stored().chamber_id) == owner.public_id


def test_a_device_holding_only_the_old_code_is_locked_out_too(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    _, code = resume_keys(owner.get("profile").text)
    resume_by_code(another_browser, code)
    renew(owner)
    response = another_browser.get("profile")
    assert response.status_code == 302 and response.location.endswith("/resume")
    assert owner.get("profile").status_code == 200


def test_a_locked_out_browser_cannot_renew_or_delete(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    _, code = resume_keys(owner.get("profile").text)
    resume_by_code(another_browser, code)
    page = owner.client.get(owner.url(f"{owner.public_id}/save"))
    renew(another_browser)
    response = owner.client.post(owner.url(f"{owner.public_id}/save"),
                                 data={"csrf_token": csrf(page.text), "action": "renew"})
    assert response.status_code == 302 and response.location.endswith("/resume")
    assert another_browser.get("profile").status_code == 200  # the renewer keeps working keys


def test_the_new_keys_open_the_questionnaire_again_on_the_locked_out_browser(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    _, code = resume_keys(owner.get("profile").text)
    resume_by_code(another_browser, code)
    renew(another_browser)
    _, new_code = resume_keys(another_browser.get("profile").text)
    resume_by_code(owner, new_code)
    assert owner.get("profile").status_code == 200


def test_checking_the_keys_costs_the_step_page_no_query(owner: Owner, served: Flask) -> None:
    owner.start()
    owner.get("profile")
    statements: list[str] = []
    with served.app_context():
        engine = db.engine

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            assert owner.get("profile").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", record)
    reads = [s for s in statements if "FROM assessments" in s]
    assert len(reads) == 1 and "resume_token_hash" in reads[0]


def test_the_results_page_has_the_resume_link_and_code_to_reopen_it_elsewhere(owner: Owner,
                                                                              another_browser: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    completed = owner.complete()
    results = owner.client.get(completed.location)
    assert results.status_code == 200
    link, code = resume_keys(results.text)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert results.text.count("Delete my answers") == 1
    opened = another_browser.client.get(link.replace("https://localhost", ""), follow_redirects=True)
    assert opened.request.path.endswith("/results")
    assert re.search(r'class="resume-link"', opened.text)


def test_the_save_page_of_a_completed_questionnaire_leads_back_to_the_plan(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    owner.complete()
    page = owner.client.get(owner.url(f"{owner.public_id}/save")).text
    assert f'href="/demo/en/questionnaire/{owner.public_id}/results">Back to your action plan</a>' in page


def last_message(outbox: Path) -> email.message.EmailMessage:
    return read_message(sorted(outbox.glob("*.eml"))[-1].read_bytes())


def read_message(raw: bytes) -> email.message.EmailMessage:
    """A message as a mail client reads it: internationalized headers are
    UTF-8 (RFC 6532); Python's parser decodes them only from text."""
    return email.message_from_string(raw.decode("utf-8"), policy=policy.default)


def send_link(owner: Owner, address: str) -> Any:
    page = owner.client.get(owner.url(f"{owner.public_id}/save"))
    return owner.client.post(owner.url(f"{owner.public_id}/save"), data={"csrf_token": csrf(page.text), "email": address})


@pytest.fixture
def outbox_owner(make_app: Callable[..., Flask], make_chamber: Callable[..., Chamber], tmp_path: Path) -> Iterator[Owner]:
    served = make_app(MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
    make_chamber("demo")
    owner = Owner(served.test_client(), "demo", lang="es")
    owner.outbox = tmp_path / "outbox"  # type: ignore[attr-defined]
    yield owner


def test_a_resume_e_mail_to_an_address_with_accents_has_a_valid_to_header(outbox_owner: Owner) -> None:
    owner = outbox_owner
    owner.start()
    assert send_link(owner, "ñandú@correo.mx").status_code == 302
    raw = sorted(owner.outbox.glob("*.eml"))[-1].read_bytes()  # type: ignore[attr-defined]
    assert "To: ñandú@correo.mx".encode() in raw and b"=?" not in raw.split(b"\n\n")[0]
    message = read_message(raw)
    (to,) = message["To"].addresses
    assert (to.username, to.domain) == ("ñandú", "correo.mx")
    link, code = resume_keys(owner.get("profile").text)
    assert link in message.get_payload() and code in message.get_payload()
    assert message["Content-Language"] == "es"


def test_a_domain_with_accents_is_sent_in_its_ascii_form(outbox_owner: Owner) -> None:
    owner = outbox_owner
    owner.start()
    assert send_link(owner, "pepe@correó.mx").status_code == 302
    raw = sorted(owner.outbox.glob("*.eml"))[-1].read_bytes()  # type: ignore[attr-defined]
    message = read_message(raw)
    assert message["To"].addresses[0].addr_spec == "pepe@xn--corre-4ta.mx"
    assert raw.split(b"\n\n")[0].isascii()  # any mail server takes it


class SMTPServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP on a loopback port to receive one message."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, smtputf8: bool) -> None:
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.smtputf8 = smtputf8
        self.received: list[dict[str, Any]] = []


class SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: SMTPServer = self.server  # type: ignore[assignment]
        self.reply("220 localhost ready")
        envelope: dict[str, Any] = {"rcpt": []}
        while line := self.rfile.readline():
            command = line.decode("utf-8").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-localhost\r\n250-8BITMIME\r\n" + ("250-SMTPUTF8\r\n" if server.smtputf8 else "") + "250 OK")
            elif verb == "MAIL":
                envelope["mail"] = command
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["rcpt"].append(command.split(":", 1)[1])
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                server.received.append({**envelope, "data": data})
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")


@pytest.fixture(params=[True, False], ids=["smtputf8", "ascii-only"])
def smtp_owner(request: pytest.FixtureRequest, make_app: Callable[..., Flask],
               make_chamber: Callable[..., Chamber]) -> Iterator[tuple[Owner, SMTPServer]]:
    server = SMTPServer(smtputf8=request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        served = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.server_address[1], MAIL_USE_TLS=False,
                          MAIL_OUTBOX_DIR="")
        make_chamber("demo")
        yield Owner(served.test_client(), "demo"), server
    finally:
        server.shutdown()
        server.server_close()


def test_over_smtp_an_address_with_accents_is_sent_with_smtputf8_or_refused_with_a_message(
    smtp_owner: tuple[Owner, SMTPServer],
) -> None:
    owner, server = smtp_owner
    owner.start()
    response = send_link(owner, "ñandú@correo.mx")
    if server.smtputf8:
        assert response.status_code == 302
        (sent,) = server.received
        assert "SMTPUTF8" in sent["mail"] and sent["rcpt"] == ["<ñandú@correo.mx>"]
        message = read_message(sent["data"])
        assert message["To"].addresses[0].username == "ñandú"
    else:
        assert response.status_code == 422 and server.received == []
        assert "We cannot send e-mail to an address with accents" in response.text
        assert 'id="email-error"' in response.text and 'href="#email"' in response.text
        assert 'value="ñandú@correo.mx"' in response.text


def test_over_smtp_a_plain_address_is_sent_as_before(smtp_owner: tuple[Owner, SMTPServer]) -> None:
    owner, server = smtp_owner
    owner.start()
    assert send_link(owner, "owner@example.org").status_code == 302
    (sent,) = server.received
    assert "SMTPUTF8" not in sent["mail"] and sent["rcpt"] == ["<owner@example.org>"]


def test_a_mail_server_that_cannot_be_reached_gives_a_message_not_an_error_page(
    make_app: Callable[..., Flask], make_chamber: Callable[..., Chamber],
) -> None:
    with socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler) as closed:
        port = closed.server_address[1]  # free, then closed: nothing listens there
    served = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_OUTBOX_DIR="")
    make_chamber("demo")
    owner = Owner(served.test_client(), "demo")
    owner.start()
    response = send_link(owner, "owner@example.org")
    assert response.status_code == 422
    assert "We could not send the e-mail just now" in response.text
