"""E-mailing owners who asked for it when a change of the rules changed their plan.

One message per recorded change (`PlanChange`), in the questionnaire's
language, saying how many actions are new, gone or different and in which
areas, with a link to the plan on PUBLIC_BASE_URL (never a request's Host),
signed so it works after the resume link expired (app/plans/links.py):
never an answer, nor an action's wording (which may repeat one). Each
message is claimed in the database before it is sent, so two runs never
send it twice; a refused message is released for the next run, and sending
stops there, so a server that limits its rate is not pressed on. At most
PLAN_CHANGE_MAILS_PER_RUN go out per run; the rest wait for the next.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, render_template
from flask_babel import gettext
from sqlalchemy import func, select

from app.assessments.models import Assessment, Contact
from app.assessments.retention import outbox_tag
from app.chambers.models import Chamber
from app.extensions import db
from app.plans.areas import AREA_NAMES
from app.plans.links import plan_token
from app.plans.models import PlanChange
from app.plans.tracking import claim_mail, release_mail
from app.urls import public_url
from app.wizard.mail import MailNotSent, mail_enabled, send_mail


@dataclass(frozen=True)
class Mailed:
    sent: int
    failed: int
    pending: int  # still to send: over this run's limit, after a failure, or mail not configured


def _pending_query() -> Any:
    return (
        select(PlanChange.id, PlanChange.summary, Assessment.public_id, Assessment.locale, Chamber.slug, Contact.email)
        .join(Assessment, Assessment.id == PlanChange.assessment_id)
        .join(Chamber, Chamber.id == Assessment.chamber_id)
        .join(Contact, Contact.assessment_id == Assessment.id)
        .where(PlanChange.notify.is_(True), PlanChange.mailed_at.is_(None), Assessment.status == "completed",
               Contact.notify_plan_changes.is_(True), Contact.email.is_not(None))
    )


def count_pending() -> int:
    return int(db.session.scalar(select(func.count()).select_from(_pending_query().subquery())) or 0)


def send_change_mails() -> Mailed:
    """Send the pending messages, up to this run's limit (committed one by one)."""
    if not mail_enabled():
        return Mailed(0, 0, count_pending())
    limit = int(current_app.config["PLAN_CHANGE_MAILS_PER_RUN"])
    pause = float(current_app.config["PLAN_CHANGE_MAIL_PAUSE_SECONDS"])
    sent = failed = 0
    for row in db.session.execute(_pending_query().order_by(PlanChange.id).limit(limit)).all():
        if claim_mail(row.id) is None:
            continue  # another run sent it
        try:
            _send(row)
        except MailNotSent:
            release_mail(row.id)
            failed += 1
            break
        sent += 1
        if pause:
            time.sleep(pause)  # spread over time: mail servers limit senders' rates
    return Mailed(sent, failed, count_pending())


def _send(row: Any) -> None:
    with current_app.test_request_context("/"):
        g.lang = row.locale  # the message in the questionnaire's language (app/i18n/web.py)
        link = public_url("wizard.plan_link", chamber_slug=row.slug, lang=row.locale, token=plan_token(row.public_id))
        summary = row.summary or {}
        areas = [gettext(AREA_NAMES[a]) if a in AREA_NAMES else a.replace("_", " ") for a in summary.get("areas", ())]
        body = render_template("plans/change_email.txt", link=link, areas=areas,
                               days=int(current_app.config["PLAN_CHANGE_LINK_DAYS"]),
                               added=len(summary.get("added", ())), removed=len(summary.get("removed", ())),
                               changed=len(summary.get("changed", ())))
        send_mail(row.email, gettext("Your export action plan has changed"), body, row.locale,
                  tag=outbox_tag(row.public_id))
