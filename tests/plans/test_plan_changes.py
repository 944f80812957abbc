"""A plan that stays current: when the rule base changes, `flask plans
reevaluate` records what changed in each stored plan and counts it by area,
the owner sees it on the results page in their language, and an owner who
asked gets one e-mail per change, never twice. The rules really change: the
second portal loads an edited copy of rules/ (tests/plans/conftest.py)."""

from __future__ import annotations

import email
import html
import re
import smtplib
from email import policy
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.assessments.models import Contact
from app.assessments.retention import outbox_tag
from app.chambers.models import Chamber
from app.extensions import db
from app.i18n.catalogs import get_translations
from app.plans.models import PlanChange, PlanSnapshot
from app.plans.services import current_engine
from app.plans.tracking import record_completion
from tests.fixtures import example_answers
from tests.plans.conftest import RENAMED, REPRIORITIZED, REWORDED
from tests.wizard.completed import ON, completed_assessment

WORKSHOP = "furniture-workshop-mx"  # its plan has the three edited actions
CONSULTANCY = "software-consultancy-ca"  # none of them: unchanged


def completed(chamber: Chamber, name: str, locale: str = "en", email_to: str | None = None,
              notify: bool = False, snapshot: bool = True) -> tuple[Any, str]:
    """A questionnaire submitted under the original rules (its plan recorded, as the review page does)."""
    assessment, token = completed_assessment(chamber, example_answers(name), locale)
    if email_to or notify:
        db.session.add(Contact(assessment_id=assessment.id, email=email_to, notify_plan_changes=notify))
        db.session.commit()
    if snapshot:
        record_completion(assessment.id, assessment.answers, ON)
    return assessment, token


def reevaluate(app: Flask, *args: str) -> str:
    with app.app_context():  # the command runs in the app context it finds: this app's
        result = app.test_cli_runner().invoke(args=["plans", "reevaluate", *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()  # read what the command committed
    return result.output


def outbox(app: Flask, public_id: str) -> list[Path]:
    return sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob(f"*-{outbox_tag(public_id)}.eml"))


@pytest.fixture
def chamber(make_chamber: Any) -> Chamber:
    return make_chamber("demo")


def test_the_command_counts_the_changed_plans_by_area_and_records_each_change(app, changed_app, chamber):
    workshop, _ = completed(chamber, WORKSHOP)
    consultancy, _ = completed(chamber, CONSULTANCY)
    completed(chamber, CONSULTANCY, snapshot=False)  # submitted before snapshots were kept
    old_version = current_engine().version

    output = reevaluate(changed_app, "--batch-size", "2")  # two batches

    assert "3 completed plans; 1 changed, 1 unchanged, 0 already current, 1 recorded for the first time" in output
    assert "  financing: 1 changed" in output and "  origin: 1 changed" in output
    assert "digital_trade" not in output and "temporary_entry" not in output
    change = db.session.scalar(db.select(PlanChange))
    assert (change.assessment_id, change.from_version) == (workshop.id, old_version)
    assert change.to_version != old_version and change.to_version == changed_app.extensions["rules_engine"].version
    assert change.summary == {"added": [RENAMED[1]], "removed": [RENAMED[0]],
                              "changed": sorted([REWORDED, REPRIORITIZED]), "areas": ["financing", "origin"]}
    latest = db.session.scalars(db.select(PlanSnapshot).filter_by(kind="latest")).all()
    assert {s.rules_version for s in latest} == {change.to_version} and len(latest) == 3
    assert consultancy.id in {s.assessment_id for s in latest}


def test_a_second_run_changes_nothing_and_sends_nothing(app, changed_app, chamber):
    workshop, _ = completed(chamber, WORKSHOP, email_to="owner@example.org", notify=True)
    reevaluate(changed_app)
    mails = outbox(changed_app, workshop.public_id)

    output = reevaluate(changed_app)

    assert "1 completed plans; 0 changed, 0 unchanged, 1 already current" in output
    assert "e-mails: 0 sent, 0 refused, 0 waiting" in output
    assert db.session.scalar(db.select(db.func.count()).select_from(PlanChange)) == 1
    assert outbox(changed_app, workshop.public_id) == mails and len(mails) == 1


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_owner_who_asked_gets_one_e_mail_in_their_language_with_a_link_and_no_answers(app, changed_app, chamber, lang):
    workshop, _ = completed(chamber, WORKSHOP, lang, email_to="owner@example.org", notify=True)
    silent, _ = completed(chamber, WORKSHOP, lang, email_to="other@example.org", notify=False)

    output = reevaluate(changed_app)

    assert "e-mails: 1 sent, 0 refused, 0 waiting" in output
    assert outbox(changed_app, silent.public_id) == []
    [path] = outbox(changed_app, workshop.public_id)
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    body = message.get_content()
    tr = get_translations(lang)
    assert message["To"] == "owner@example.org" and message["Content-Language"] == lang
    assert message["Subject"] == tr.gettext("Your export action plan has changed")
    link = re.search(rf"http://localhost/demo/{lang}/plan/(\S+)", body)
    assert link and workshop.public_id not in body  # a signed link (tests below), not the plan's address
    assert tr.ngettext("%(num)d new action", "%(num)d new actions", 1) % {"num": 1} in body
    assert tr.ngettext("%(num)d action changed", "%(num)d actions changed", 2) % {"num": 2} in body
    assert tr.gettext("Rules of origin") in body and tr.gettext("Export financing") in body
    for figure in ("9403.60", "800", "300", "MX-NLE"):  # the business's answers are never in it
        assert figure not in body
    assert db.session.scalar(db.select(PlanChange).filter_by(assessment_id=workshop.id)).mailed_at is not None


def test_a_mail_server_that_refuses_is_left_alone_and_the_message_goes_on_the_next_run(app, changed_app, chamber,
                                                                                         monkeypatch):
    first, _ = completed(chamber, WORKSHOP, email_to="one@example.org", notify=True)
    second, _ = completed(chamber, WORKSHOP, email_to="two@example.org", notify=True)
    sent: list[str] = []

    class Server:  # the SMTP server, outside our control
        refuse = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def __enter__(self) -> Server:
            return self

        def __exit__(self, *args: Any) -> None:
            pass

        def starttls(self) -> None:
            pass

        def ehlo_or_helo_if_needed(self) -> None:
            pass

        def send_message(self, message: Any) -> None:
            if Server.refuse:
                raise smtplib.SMTPDataError(451, b"4.7.1 Rate limit exceeded, try again later")
            sent.append(message["To"])

    monkeypatch.setattr(smtplib, "SMTP", Server)
    monkeypatch.setitem(changed_app.config, "MAIL_SERVER", "smtp.example.org")

    output = reevaluate(changed_app)
    assert "e-mails: 0 sent, 1 refused, 2 waiting" in output  # stopped at the first refusal
    Server.refuse = False
    output = reevaluate(changed_app)
    assert "e-mails: 2 sent, 0 refused, 0 waiting" in output
    assert sorted(sent) == ["one@example.org", "two@example.org"]
    assert "0 sent, 0 refused, 0 waiting" in reevaluate(changed_app)
    assert {c.assessment_id for c in db.session.scalars(db.select(PlanChange))} == {first.id, second.id}


def _section(page: str) -> str:
    found = re.search(r'<section[^>]*aria-labelledby="changes-title".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_owner_who_comes_back_sees_what_changed_in_their_language_until_they_have_read_it(
        app, changed_app, chamber, lang):
    workshop, token = completed(chamber, WORKSHOP, lang)
    before = {a.id: a.title for a in current_engine().evaluate(workshop.answers, lang, ON).actions}
    tr = get_translations(lang)
    client = changed_app.test_client()
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    assert client.get(f"/demo/{lang}/resume/{token}").status_code == 302
    results = f"/demo/{lang}/questionnaire/{workshop.public_id}/results"

    page = client.get(results).text
    shown = _section(page)
    text = _text(shown)

    assert shown and tr.gettext("What changed in your plan") in text
    assert lang == "en" or tr.gettext("What changed in your plan") != "What changed in your plan"  # translated
    assert f'href="#{RENAMED[1]}"' in shown and f'id="{RENAMED[1]}"' in page  # a link to the new action in the plan
    assert " ".join(before[RENAMED[0]].split()) in text  # the action gone, named in the page's language
    was = tr.gettext("now “%(now)s”, was “%(was)s”.") % {"now": tr.gettext("Do next"), "was": tr.gettext("Do first")}
    assert " ".join(was.split()) in text and f'href="#{REPRIORITIZED}"' in shown and f'href="#{REWORDED}"' in shown
    assert _section(client.get(results).text)  # a reload keeps it

    response = client.post(results + "/changes-seen", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', shown).group(1)})
    assert response.status_code == 302 and response.location.endswith(results)
    assert _section(client.get(results).text) == ""


def _open(app: Flask, token: str, lang: str = "en") -> Any:
    client = app.test_client()
    assert client.get(f"/demo/{lang}/resume/{token}").status_code == 302
    return client


def test_a_plan_the_change_left_alone_shows_nothing_and_is_not_compared_again(app, changed_app, chamber):
    consultancy, token = completed(chamber, CONSULTANCY)
    client = _open(changed_app, token)
    page = client.get(f"/demo/en/questionnaire/{consultancy.public_id}/results").text
    assert _section(page) == "" and 'aria-labelledby="first-title"' in page
    db.session.expire_all()
    seen = db.session.scalar(db.select(PlanSnapshot).filter_by(assessment_id=consultancy.id, kind="seen"))
    assert seen.rules_version == changed_app.extensions["rules_engine"].version


def test_a_plan_submitted_before_snapshots_were_kept_starts_being_followed_when_opened(app, changed_app, chamber):
    workshop, token = completed(chamber, WORKSHOP, snapshot=False)
    client = _open(changed_app, token)
    page = client.get(f"/demo/en/questionnaire/{workshop.public_id}/results").text
    assert _section(page) == ""  # nothing known to compare with: no change invented
    db.session.expire_all()
    seen = db.session.scalar(db.select(PlanSnapshot).filter_by(assessment_id=workshop.id, kind="seen"))
    assert seen is not None and RENAMED[1] in seen.actions


def test_the_passing_days_change_nothing_in_a_plan_due_by_planned_dates(app):
    """A plan due by a first shipment and a first trip, evaluated again a week
    later under the same rules: every due date is the same, so nothing changed."""
    from datetime import timedelta  # noqa: PLC0415

    from app.plans.changes import compare, snapshot  # noqa: PLC0415

    answers = example_answers(WORKSHOP)
    answers["export"]["first_shipment_date"] = (ON + timedelta(days=200)).isoformat()
    if "travel" in answers:
        answers["travel"]["first_trip_date"] = (ON + timedelta(days=300)).isoformat()
    with app.app_context():
        engine = current_engine()
        week = [snapshot({"en": engine.evaluate(answers, "en", day)}) for day in (ON, ON + timedelta(days=7))]
    assert [entry["n"] for entry in week[0].values()] != [entry["n"] for entry in week[1].values()]
    assert not compare(*week)
    assert all(week[0][i]["w"] == week[1][i]["w"] for i in week[0])  # what "its timing changed" compares


def _mailed_link(app: Flask, chamber: Chamber, lang: str = "en") -> tuple[Any, str, str]:
    """A questionnaire whose owner asked for e-mails, the rules changed, the e-mail sent: its link's path."""
    workshop, token = completed(chamber, WORKSHOP, lang, email_to="owner@example.org", notify=True)
    reevaluate(app)
    [path] = outbox(app, workshop.public_id)
    body = email.message_from_bytes(path.read_bytes(), policy=policy.default).get_content()
    return workshop, token, re.search(r"http://localhost(/\S+/plan/\S+)", body).group(1)


def test_the_e_mails_link_opens_the_plan_after_the_resume_link_expired_and_gives_new_keys(app, changed_app, chamber):
    from datetime import UTC, datetime, timedelta  # noqa: PLC0415

    workshop, old_token, link = _mailed_link(changed_app, chamber)
    workshop.resume_token_expires_at = datetime.now(UTC) - timedelta(days=1)
    db.session.commit()
    results = f"/demo/en/questionnaire/{workshop.public_id}/results"
    assert changed_app.test_client().get(f"/demo/en/resume/{old_token}").location.endswith("/demo/en/resume")  # expired

    client = changed_app.test_client()  # another device: no session
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    asked = client.get(link)  # a GET changes nothing (mail scanners open links): it asks
    assert asked.status_code == 200 and "Open your action plan" in asked.text
    db.session.expire_all()
    assert db.session.get(type(workshop), workshop.id).resume_token_hash == workshop.resume_token_hash
    response = client.post(link, data={"csrf_token": _csrf(asked.text)})
    assert response.status_code == 302 and response.location.endswith(results)
    page = client.get(results).text
    assert "What changed in your plan" in page and "a new resume link and code" in page
    new_link = re.search(r"http://localhost/demo/en/resume/[\w-]+", page).group(0)
    assert old_token not in new_link
    assert changed_app.test_client().get(new_link).location.endswith(f"/questionnaire/{workshop.public_id}/")

    again = client.get(link)  # the same browser holds working keys now: no renewal
    assert again.location.endswith(results) and new_link in client.get(results).text


@pytest.mark.parametrize("damage", ["altered", "expired", "too long", "unknown questionnaire"])
def test_a_damaged_or_expired_e_mail_link_opens_nothing(app, changed_app, chamber, monkeypatch, damage):
    import time  # noqa: PLC0415

    from itsdangerous.timed import TimestampSigner  # noqa: PLC0415

    from app.plans.links import plan_token  # noqa: PLC0415

    workshop, _, link = _mailed_link(changed_app, chamber)
    if damage == "altered":
        link = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    elif damage in ("expired", "unknown questionnaire"):
        if damage == "expired":
            days = changed_app.config["PLAN_CHANGE_LINK_DAYS"] + 1
            monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - days * 86_400)
        with changed_app.test_request_context():
            token = plan_token(workshop.public_id if damage == "expired" else "no-such-questionnaire")
        monkeypatch.undo()
        link = link.rsplit("/", 1)[0] + "/" + token
    else:
        link += "x" * 200
    client = changed_app.test_client()
    response = client.get(link)
    assert response.status_code == 302 and response.location.endswith("/demo/en/resume")
    assert "has expired or is not valid" in client.get("/demo/en/resume").text
    assert client.get(f"/demo/en/questionnaire/{workshop.public_id}/results").location.endswith("/demo/en/resume")


def test_a_browser_working_on_another_questionnaire_is_warned_before_the_link_opens_it(app, changed_app, chamber):
    workshop, _, link = _mailed_link(changed_app, chamber)
    other, other_token = completed(chamber, CONSULTANCY)
    client = _open(changed_app, other_token)
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    page = client.get(link)
    assert page.status_code == 200 and "also working on another questionnaire" in page.text
    assert f"/questionnaire/{other.public_id}/" in page.text  # the way back to its own
    assert client.post(link, data={"csrf_token": _csrf(page.text)}).location.endswith(
        f"/questionnaire/{workshop.public_id}/results")


def test_the_e_mails_link_page_is_in_the_questionnaires_languages(app, changed_app, chamber):
    for lang in ("es", "fr"):
        _, _, link = _mailed_link(changed_app, chamber, lang)
        page = changed_app.test_client().get(link).text
        assert get_translations(lang).gettext("Open your action plan") in page and "Open your action plan" not in page


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
