"""Members' shared plans: only consenting members, searchable, paged, exported, audited."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from app.assessments.models import Assessment
from app.audit.models import AuditEvent
from app.clock import utcnow
from app.extensions import db
from tests.staff.conftest import browser


def _setup(make_chamber, make_staff, make_shared):
    bajio = make_chamber("bajio")
    other = make_chamber("norte")
    shared = make_shared(bajio, "Muebles Compartidos SA", "ventas@compartidos.example")
    make_shared(bajio, "Secreto Privado SA", "privado@secret.example", shared=False)
    make_shared(bajio, "Borrador Compartido SA", "draft@secret.example", status="draft")
    make_shared(other, "Vecino del Norte SA", "norte@secret.example")
    staff = make_staff("ana@example.org", chambers=["bajio"])
    return bajio, shared, staff


def _audit_actions():
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_list_shows_only_consenting_completed_members_of_the_chamber(app, make_chamber, make_staff, make_shared,
                                                                           signed_in):
    _, _shared, staff = _setup(make_chamber, make_staff, make_shared)
    page = signed_in(staff).get("/bajio/en/staff/members/")
    assert page.status_code == 200
    assert "Muebles Compartidos SA" in page.text and "ventas@compartidos.example" in page.text
    assert "United States" in page.text and "337122" in page.text
    for hidden in ("Secreto Privado", "Borrador Compartido", "Vecino del Norte", "secret.example"):
        assert hidden not in page.text
    assert page.text.count("<li>") >= 3  # three most urgent actions
    assert "members.list_read" in _audit_actions()


def test_the_list_is_searchable_and_paged_by_keyset(make_app, app, make_chamber, make_staff, make_shared):
    bajio = make_chamber("bajio")
    start = utcnow() - timedelta(days=10)
    for number in range(7):
        make_shared(bajio, f"Empresa {number}", f"e{number}@example.org", completed_at=start + timedelta(hours=number))
    staff = make_staff("ana@example.org", chambers=["bajio"])
    from tests.staff.conftest import sign_in  # noqa: PLC0415

    served = make_app(MEMBERS_PAGE_SIZE=3)
    client = browser(served)
    sign_in(client, staff.email)
    seen = []
    url = "/bajio/en/staff/members/"
    while url:
        page = client.get(url)
        seen += [f"Empresa {n}" for n in re.findall(r">Empresa (\d)<", page.text)]
        marker = 'rel="next"'
        url = None
        if marker in page.text:
            url = page.text.split(marker)[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert seen == [f"Empresa {n}" for n in range(6, -1, -1)]
    found = client.get("/bajio/en/staff/members/?q=PRESA%203")
    assert ">Empresa 3<" in found.text and ">Empresa 4<" not in found.text
    assert client.get("/bajio/en/staff/members/?after=garbage").status_code == 200


def test_a_plan_opens_as_the_owner_sees_it_and_its_pdf_downloads(app, make_chamber, make_staff, make_shared, signed_in):
    _, shared, staff = _setup(make_chamber, make_staff, make_shared)
    client = signed_in(staff)
    page = client.get(f"/bajio/en/staff/members/{shared.public_id}/")
    assert page.status_code == 200
    assert "Your action plan" in page.text and "Muebles Compartidos SA" in page.text
    assert "Resume code" not in page.text
    pdf = client.get(f"/bajio/en/staff/members/{shared.public_id}/plan.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert {"members.plan_read", "members.pdf_read"} <= set(_audit_actions())


def test_exports_hold_the_same_rows_with_contact_details(app, make_chamber, make_staff, make_shared, signed_in):
    _, _shared, staff = _setup(make_chamber, make_staff, make_shared)
    client = signed_in(staff)
    response = client.get("/bajio/en/staff/members/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Business" and len(rows) == 2
    assert rows[1][:2] == ["Muebles Compartidos SA", "ventas@compartidos.example"]
    workbook = load_workbook(io.BytesIO(client.get("/bajio/en/staff/members/export.xlsx").data))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:2] == ["Muebles Compartidos SA", "ventas@compartidos.example"] and len(values) == 2
    assert {"members.export_csv", "members.export_xlsx"} <= set(_audit_actions())


def test_a_formula_in_a_business_name_is_not_run_by_a_spreadsheet(app, make_chamber, make_staff, make_shared, signed_in):
    bajio = make_chamber("bajio")
    make_shared(bajio, "=HYPERLINK(\"http://evil\")", "x@example.org")
    client = signed_in(make_staff("ana@example.org", chambers=["bajio"]))
    text = client.get("/bajio/en/staff/members/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_withdrawn_consent_or_deleted_answers_disappear_at_once(app, make_chamber, make_staff, make_shared, signed_in):
    _, shared, staff = _setup(make_chamber, make_staff, make_shared)
    client = signed_in(staff)
    assert client.get(f"/bajio/en/staff/members/{shared.public_id}/").status_code == 200
    db.session.execute(sa.update(Assessment).where(Assessment.id == shared.id).values(consent_share_with_host=False))
    db.session.commit()
    assert "Muebles Compartidos" not in client.get("/bajio/en/staff/members/").text
    assert client.get(f"/bajio/en/staff/members/{shared.public_id}/").status_code == 404
    assert client.get(f"/bajio/en/staff/members/{shared.public_id}/plan.pdf").status_code == 404
    assert "Muebles Compartidos" not in client.get("/bajio/en/staff/members/export.csv").get_data(as_text=True)
    db.session.execute(sa.update(Assessment).where(Assessment.id == shared.id).values(consent_share_with_host=True))
    db.session.commit()
    assert "Muebles Compartidos" in client.get("/bajio/en/staff/members/").text
    db.session.execute(sa.delete(Assessment).where(Assessment.id == shared.id))
    db.session.commit()
    assert "Muebles Compartidos" not in client.get("/bajio/en/staff/members/").text


def test_the_api_gives_the_same_rows_to_a_token_of_the_chamber_only(app, served, make_chamber, make_staff, make_shared):
    _, _shared, _staff = _setup(make_chamber, make_staff, make_shared)
    make_staff("norte@example.org", chambers=["norte"])
    make_staff("off@example.org", role="official")
    runner = app.test_cli_runner()
    tokens = {email: runner.invoke(args=["staff", "token", email]).output.strip()
              for email in ("ana@example.org", "norte@example.org", "off@example.org")}
    client = served.test_client()
    url = "/api/v1/chambers/bajio/assessments"
    assert client.get(url).status_code == 401
    assert client.get(url).headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(url, headers={"Authorization": "Bearer stf_nonsense"}).status_code == 401
    response = client.get(url, headers={"Authorization": f"Bearer {tokens['ana@example.org']}"})
    assert response.status_code == 200
    body = response.get_json()
    assert [item["business_name"] for item in body["items"]] == ["Muebles Compartidos SA"]
    assert body["items"][0]["email"] == "ventas@compartidos.example" and len(body["items"][0]["urgent_actions"]) == 3
    other = client.get(url, headers={"Authorization": f"Bearer {tokens['norte@example.org']}"})
    official = client.get(url, headers={"Authorization": f"Bearer {tokens['off@example.org']}"})
    assert other.status_code == 404 and official.status_code == 403
    for refused in (other, official):
        assert "Muebles" not in refused.get_data(as_text=True)
    assert "members.api_read" in _audit_actions()


def test_a_member_who_withdraws_consent_in_the_questionnaire_leaves_the_list(app, served, make_chamber, make_staff,
                                                                             signed_in):
    from tests.wizard.conftest import WORKSHOP, Owner  # noqa: PLC0415

    make_chamber("bajio")
    owner = Owner(served.test_client(), "bajio")
    owner.start()
    consent = {"consent-aggregate_stats": "yes", "consent-share_with_host": "yes",
               "contact-business_name": "Taller Consentido SA", "contact-email": "taller@example.org"}
    owner.answer_all({**WORKSHOP, "consent": consent})
    assert owner.complete().status_code == 302
    staff = signed_in(make_staff("ana@example.org", chambers=["bajio"]))
    assert "Taller Consentido SA" in staff.get("/bajio/en/staff/members/").text
    response = owner.submit("consent", {**consent, "consent-share_with_host": "no"})
    assert response.status_code == 302
    assert owner.stored().consent_share_with_host is False
    assert "Taller Consentido SA" not in staff.get("/bajio/en/staff/members/").text
    assert "Taller Consentido SA" not in staff.get("/bajio/en/staff/members/export.csv").get_data(as_text=True)
