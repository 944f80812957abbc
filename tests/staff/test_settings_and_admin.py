"""Branding, logo and local resources in the browser; site administration; the audit log."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from PIL import Image

from app.accounts.models import StaffUser
from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.extensions import db
from tests.staff.conftest import csrf

SVG_OK = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Logo</title><rect width="10" height="5" fill="#0b4f8a"/></svg>'
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SVG_HANDLER = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
SVG_LINK = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="http://evil.example/x.svg#a"/></svg>'
SVG_FOREIGN = b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>'
SVG_ENTITY = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#0b4f8a").save(buffer, format="PNG")
    return buffer.getvalue()


def _branding_form(client, url="/bajio/en/staff/settings/"):
    page = client.get(url)
    fields = dict(re.findall(r'<input class="input-text" type="[a-z]+" id="[a-z_]+" name="([a-z_]+)" value="([^"]*)"', page.text))
    fields["csrf_token"] = csrf(page.text)
    return fields


@pytest.fixture(autouse=True)
def _own_instance_folder(served, tmp_path, monkeypatch):
    """Uploaded logos and previews go to a folder of the test's own, not the worktree's instance/."""
    monkeypatch.setattr(served, "instance_path", str(tmp_path))


@pytest.fixture
def staff_client(app, make_chamber, make_staff, signed_in):
    make_chamber("bajio")
    return signed_in(make_staff("ana@example.org", chambers=["bajio"]))


def test_names_welcome_texts_and_contact_are_set_in_three_languages(app, served, staff_client):
    data = _branding_form(staff_client)
    data.update(name="Bajío Chamber", name_es="Cámara del Bajío", name_fr="Chambre du Bajío",
                welcome_en="Welcome, members!", welcome_es="¡Bienvenidos, socios!", welcome_fr="Bienvenue, membres !",
                contact_phone="+52 477 000 0000", website_url="https://bajio.example")
    response = staff_client.post("/bajio/en/staff/settings/", data=data)
    assert response.status_code == 302
    home = served.test_client()
    assert "Cámara del Bajío" in home.get("/bajio/es/").text and "¡Bienvenidos, socios!" in home.get("/bajio/es/").text
    assert "Bienvenue, membres" in home.get("/bajio/fr/").text
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="chamber.branding_changed"))
    assert event.actor_id == db.session.scalar(sa.select(StaffUser.id)) and "welcome_texts" in event.details["fields"]


@pytest.mark.parametrize(("primary", "message"), [("#ffee88", "too light"), ("#0b4f8", "six hexadecimal")])
def test_a_colour_that_fails_wcag_aa_is_refused_with_the_reason(app, staff_client, primary, message):
    data = _branding_form(staff_client)
    data["primary_color"] = primary
    response = staff_client.post("/bajio/en/staff/settings/", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(sa.select(Chamber.primary_color)) != primary


def _upload(client, content: bytes, filename: str):
    page = client.get("/bajio/en/staff/settings/")
    return client.post("/bajio/en/staff/settings/logo", data={"csrf_token": csrf(page.text), "action": "upload",
                                                              "logo": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data", follow_redirects=True)


@pytest.mark.parametrize(("content", "filename", "mimetype"), [
    (_png(), "logo.png", "image/png"),
    (_png(), "logo.svg", "image/png"),   # the content decides, not the name
    (SVG_OK, "logo.png", "image/svg+xml"),
])
def test_a_logo_is_stored_by_its_content_and_served_with_its_own_type(app, served, staff_client, content, filename,
                                                                      mimetype):
    page = _upload(staff_client, content, filename)
    assert "The logo is saved." in page.text
    logo = served.test_client().get("/bajio/logo")
    assert logo.status_code == 200 and logo.mimetype == mimetype
    assert "sandbox" in logo.headers["Content-Security-Policy"]
    assert logo.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("content", [SVG_SCRIPT, SVG_HANDLER, SVG_LINK, SVG_FOREIGN, SVG_ENTITY,
                                     b"GIF89a" + b"\0" * 20, b"<html><script>x</script></html>", b"x" * (201 * 1024),
                                     b"\x89PNG\r\n\x1a\n" + b"\0" * 30])
def test_a_logo_that_could_carry_a_script_or_is_not_an_image_is_refused(app, served, staff_client, content):
    page = _upload(staff_client, content, "logo.svg")
    assert "The logo is saved." not in page.text
    assert 'role="alert"' in page.text
    assert db.session.scalar(sa.select(Chamber.logo_filename)) is None


def test_local_resources_are_added_and_removed_in_the_browser(app, served, staff_client):
    page = staff_client.get("/bajio/en/staff/settings/resources")
    refused = staff_client.post("/bajio/en/staff/settings/resources",
                                data={"csrf_token": csrf(page.text), "name": "Export desk", "url": "http://x"})
    assert refused.status_code == 422 and "https://" in refused.text
    staff_client.post("/bajio/en/staff/settings/resources", data={
        "csrf_token": csrf(page.text), "name": "Export desk", "url": "https://bajio.example/export",
        "areas": ["origin", "financing"], "description_en": "Free advice on rules of origin.",
        "description_es": "Asesoría gratuita sobre reglas de origen."})
    db.session.expire_all()
    resources = db.session.scalar(sa.select(Chamber.local_resources))
    assert resources[0]["name"] == "Export desk" and resources[0]["areas"] == ["origin", "financing"]
    page = staff_client.get("/bajio/en/staff/settings/resources")
    staff_client.post("/bajio/en/staff/settings/resources/remove", data={"csrf_token": csrf(page.text), "name": "Export desk"})
    db.session.expire_all()
    assert db.session.scalar(sa.select(Chamber.local_resources)) == []
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"chamber.resource_added", "chamber.resource_removed"} <= actions


def test_a_site_admin_creates_chambers_and_accounts_and_reads_the_audit_log(app, served, make_staff, signed_in):
    admin = signed_in(make_staff("root@example.org", role="site_admin"))
    page = admin.get("/staff/en/admin/chambers")
    assert admin.post("/staff/en/admin/chambers", data={"csrf_token": csrf(page.text), "slug": "Bad Slug!",
                                                        "name": "X"}).status_code == 422
    admin.post("/staff/en/admin/chambers", data={"csrf_token": csrf(page.text), "slug": "laguna", "name": "Laguna"})
    assert served.test_client().get("/laguna/en/").status_code == 200
    page = admin.get("/staff/en/admin/accounts")
    created = admin.post("/staff/en/admin/accounts", data={
        "csrf_token": csrf(page.text), "email": "new@example.org", "role": "chamber_staff", "chambers": ["laguna"]})
    assert created.status_code == 200
    assert re.search(r"http://localhost/staff/en/password/reset/[\w-]+", created.text)
    user_id = db.session.scalar(sa.select(StaffUser.id).filter_by(email="new@example.org"))
    page = admin.get("/staff/en/admin/accounts")
    admin.post(f"/staff/en/admin/accounts/{user_id}/deactivate", data={"csrf_token": csrf(page.text)})
    db.session.expire_all()
    assert db.session.get(StaffUser, user_id).active is False
    page = admin.get("/staff/en/admin/chambers")
    admin.post("/staff/en/admin/chambers/laguna/active", data={"csrf_token": csrf(page.text), "active": "0"})
    assert served.test_client().get("/laguna/en/").status_code == 404
    log = admin.get("/staff/en/admin/audit?action=account.")
    assert "account.deactivated" in log.text and "chamber.created" not in log.text
    exported = admin.get("/staff/en/admin/audit.csv").get_data(as_text=True)
    assert "chamber.deactivated" in exported and "account.created" in exported
    root = db.session.scalar(sa.select(StaffUser.id).filter_by(email="root@example.org"))
    assert db.session.scalar(sa.select(AuditEvent.actor_id).filter_by(action="chamber.created")) == root


def test_only_a_site_admin_decides_whether_staff_need_a_second_factor(app, make_staff, signed_in, staff_client):
    data = _branding_form(staff_client)
    data["require_two_factor"] = "1"
    staff_client.post("/bajio/en/staff/settings/", data=data)
    db.session.expire_all()
    assert db.session.scalar(sa.select(Chamber.require_two_factor)) is False
    admin = signed_in(make_staff("root@example.org", role="site_admin"))
    data = _branding_form(admin)
    data["require_two_factor"] = "1"
    admin.post("/bajio/en/staff/settings/", data=data)
    db.session.expire_all()
    assert db.session.scalar(sa.select(Chamber.require_two_factor)) is True


def test_the_pdf_preview_carries_the_chamber_branding(app, staff_client):
    from pypdf import PdfReader  # noqa: PLC0415

    pdf = staff_client.get("/bajio/en/staff/settings/preview.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    first = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Chamber bajio" in " ".join(first.split())


def test_a_replaced_or_removed_logo_leaves_no_file_behind(app, served, staff_client):
    from pathlib import Path  # noqa: PLC0415

    folder = Path(served.instance_path) / "logos"
    _upload(staff_client, _png(), "first.png")
    db.session.expire_all()
    first = db.session.scalar(sa.select(Chamber.logo_filename))
    assert (folder / first).is_file()
    _upload(staff_client, SVG_OK, "second.svg")
    db.session.expire_all()
    second = db.session.scalar(sa.select(Chamber.logo_filename))
    assert second != first and (folder / second).is_file() and not (folder / first).exists()
    page = staff_client.get("/bajio/en/staff/settings/")
    staff_client.post("/bajio/en/staff/settings/logo", data={"csrf_token": csrf(page.text), "action": "remove"})
    db.session.expire_all()
    assert db.session.scalar(sa.select(Chamber.logo_filename)) is None and not (folder / second).exists()
