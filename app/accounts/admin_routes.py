"""Site administration in the browser (site admins only): chambers, accounts, the audit log.

/staff/<lang>/admin/… Every change goes through the same services as the
commands, so it is audited the same way, with its author and address.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.accounts import services
from app.accounts.access import client_address, current_staff, staff_required
from app.accounts.models import ROLES, StaffUser
from app.audit.models import AuditEvent
from app.audit.services import record_event
from app.chambers.models import Chamber
from app.chambers.services import ChamberError, create_chamber, set_chamber_active
from app.extensions import db, limiter
from app.urls import public_url

bp = Blueprint("admin", __name__, url_prefix="/staff/<lang:lang>/admin", template_folder="templates")
AUDIT_PAGE = 50


@bp.after_request
def _not_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _actor() -> int:
    user = current_staff()
    assert user is not None
    return user.id


@bp.route("/chambers", methods=["GET", "POST"])
@staff_required("site_admin")
def chambers() -> Any:
    error = None
    typed = {"slug": "", "name": ""}
    if request.method == "POST":
        typed = {"slug": (request.form.get("slug") or "").strip().lower()[:64],
                 "name": (request.form.get("name") or "").strip()[:200]}
        try:
            chamber = create_chamber(typed["slug"], typed["name"], actor_id=_actor())
        except ChamberError:
            error = gettext("Use 2 to 63 lowercase letters, digits or hyphens for the address, one no other chamber "
                            "uses, and give a name.")
        else:
            flash(gettext("The chamber %(name)s is created.", name=chamber.name), "success")
            return redirect(url_for("admin.chambers"))
    rows = list(db.session.scalars(select(Chamber).order_by(Chamber.slug)))
    return render_template("admin/chambers.html", chambers=rows, error=error, typed=typed), 422 if error else 200


@bp.post("/chambers/<slug>/active")
@staff_required("site_admin")
def chamber_active(slug: str) -> Response:
    chamber = db.session.scalar(select(Chamber).filter_by(slug=slug[:64]))
    if chamber is not None:
        set_chamber_active(chamber, request.form.get("active") == "1", _actor(), client_address())
        flash(gettext("Saved."), "success")
    return redirect(url_for("admin.chambers"))


@bp.route("/accounts", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@staff_required("site_admin")
def accounts() -> Any:
    error = None
    typed: dict[str, Any] = {"email": "", "name": "", "role": "chamber_staff", "chambers": []}
    all_chambers = list(db.session.scalars(select(Chamber).order_by(Chamber.slug)))
    if request.method == "POST":
        typed = {"email": (request.form.get("email") or "").strip()[:254],
                 "name": (request.form.get("name") or "").strip()[:200],
                 "role": request.form.get("role") if request.form.get("role") in ROLES else "",
                 "chambers": request.form.getlist("chambers")[:50]}
        try:
            user = services.create_user(typed["email"], typed["role"], typed["chambers"], typed["name"],
                                        actor_id=_actor(), address=client_address())
            token = services.new_reset_token(user, actor_id=_actor(), address=client_address())
        except services.AccountError:
            error = gettext("Check the address (one no account uses yet) and the role; chamber staff need at least "
                            "one chamber, other roles none.")
        else:
            return render_template("admin/account_created.html", email=user.email,
                                   link=public_url("staff.reset_password", token=token),
                                   hours=current_app.config["PASSWORD_RESET_HOURS"])
    slugs = {c.id: c.slug for c in all_chambers}
    rows = [{"id": u.id, "email": u.email, "name": u.display_name, "role": u.role, "active": u.active,
             "two_factor": bool(u.totp_secret), "chambers": sorted(slugs.get(i, "?") for i in u.chamber_ids)}
            for u in services.list_users()]
    return render_template("admin/accounts.html", accounts=rows, chambers=all_chambers, roles=ROLES, error=error,
                           typed=typed), 422 if error else 200


@bp.post("/accounts/<int:user_id>/deactivate")
@staff_required("site_admin")
def deactivate(user_id: int) -> Response:
    user = db.session.get(StaffUser, user_id)
    if user is not None and user.id != _actor() and user.active:
        services.deactivate_user(user, actor_id=_actor(), address=client_address())
        flash(gettext("The account %(email)s is deactivated; its sessions and tokens no longer work.",
                      email=user.email), "success")
    return redirect(url_for("admin.accounts"))


def _audit_query(action: str, before: int | None) -> Any:
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    if before:
        query = query.where(AuditEvent.id < before)
    return query


@bp.get("/audit")
@staff_required("site_admin")
def audit() -> str:
    action = (request.args.get("action") or "").strip()[:64]
    try:
        before = int(request.args.get("before") or 0) or None
    except ValueError:
        before = None
    events = list(db.session.scalars(_audit_query(action, before).limit(AUDIT_PAGE + 1)))
    following = events[AUDIT_PAGE - 1].id if len(events) > AUDIT_PAGE else None
    record_event("audit.read", actor_id=_actor(), details={"address": client_address()})
    db.session.commit()
    return render_template("admin/audit.html", events=events[:AUDIT_PAGE], action=action,
                           next_url=url_for("admin.audit", action=action or None, before=following) if following else None)


@bp.get("/audit.csv")
@limiter.limit("10 per minute")
@staff_required("site_admin")
def audit_csv() -> Response:
    action = (request.args.get("action") or "").strip()[:64]
    record_event("audit.exported", actor_id=_actor(), details={"address": client_address(), "action": action})
    db.session.commit()

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "occurred_at", "actor_id", "chamber_id", "action", "target_type", "target_id", "details"])
        before = None
        while True:
            batch = list(db.session.scalars(_audit_query(action, before).limit(1000)))
            for event in batch:
                writer.writerow([event.id, event.occurred_at.isoformat(), event.actor_id or "", event.chamber_id or "",
                                 event.action, event.target_type or "", event.target_id or "",
                                 json.dumps(event.details or {}, sort_keys=True)])
            db.session.commit()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if len(batch) < 1000:
                return
            before = batch[-1].id

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
