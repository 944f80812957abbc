"""A chamber's members' shared plans, for its staff: /<chamber>/<lang>/staff/members/…

Every page here reads business data, so every request is written to the
audit log (who, what, from which address) and committed before the data
leaves. Nothing is shown about questionnaires without the owner's consent,
not even their number.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from werkzeug.wrappers import Response

from app.accounts.access import chamber_data_required, client_address, current_staff
from app.audit.services import record_event
from app.chambers.tenancy import CHAMBER_PREFIX
from app.extensions import db, limiter
from app.members import assisted, services

bp = Blueprint("members", __name__, url_prefix=f"{CHAMBER_PREFIX}/staff/members", template_folder="templates")
EXPORT_LIMIT = "10 per minute"


@bp.after_request
def _not_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _audit(action: str, target: str | None = None, **details: Any) -> None:
    user = current_staff()
    record_event(action, actor_id=user.id if user else None, chamber_id=g.chamber_id,
                 target=("assessment", target) if target else None,
                 details={**{k: v for k, v in details.items() if v not in (None, "")}, "address": client_address()})
    db.session.commit()


def _search() -> str:
    return (request.args.get("q") or "").strip()[: services.MAX_QUERY]


@bp.get("/")
@chamber_data_required
def index() -> str:
    search = _search()
    cursor = services.Cursor.decode(request.args.get("after"))
    rows, following = services.page(g.chamber_id, search, cursor, current_app.config["MEMBERS_PAGE_SIZE"])
    _audit("members.list_read", q=search, rows=len(rows))
    next_url = url_for("members.index", q=search or None, after=following.encode()) if following else None
    first_url = url_for("members.index", q=search or None) if cursor else None
    return render_template("members/index.html", rows=rows, search=search, next_url=next_url, first_url=first_url)


def _shared_or_404(public_id: str) -> dict[str, Any]:
    row = services.find_shared(g.chamber_id, public_id)
    if row is None:
        abort(404)
    return row


def _member_plan(public_id: str, action: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A consenting member's questionnaire and its plan (404 for any other), the read audited."""
    from app.plans.services import build_plan  # noqa: PLC0415

    row = _shared_or_404(public_id)
    result = build_plan(row["answers"], g.lang, on=services.completed_on(row))
    if result.plan is None:
        abort(404)
    _audit(action, public_id)
    return row, result.plan.as_dict()


@bp.get("/<public_id>/")
@chamber_data_required
def plan(public_id: str) -> str:
    """The plan as its owner sees it on the results page, with staff links instead of the owner's."""
    from app.rules_engine.scope import get_path  # noqa: PLC0415
    from app.wizard import presenters  # noqa: PLC0415
    from app.wizard.routes import plan_helpers  # noqa: PLC0415

    row, plan_dict = _member_plan(public_id, "members.plan_read")
    view = presenters.plan_view(plan_dict, row["answers"], request.args.get("area"), request.args.get("priority"))
    return render_template(
        "wizard/results.html", plan=view, public_id=public_id, country=get_path(row["answers"], "profile.country"),
        staff_view={"business_name": row["business_name"], "email": row["email"],
                    "pdf_url": url_for("members.plan_pdf", public_id=public_id),
                    "back_url": url_for("members.index")},
        **plan_helpers(),
    )


@bp.get("/<public_id>/plan.pdf")
@limiter.limit("20 per minute")
@chamber_data_required
def plan_pdf(public_id: str) -> Response:
    from app.pdf.services import assessment_plan_pdf, branding_for_chamber, pdf_response, plan_filename  # noqa: PLC0415

    row, plan_dict = _member_plan(public_id, "members.pdf_read")
    answers = {**row["answers"], "contact": {"business_name": row["business_name"] or "", "email": row["email"] or ""}}
    if assisted.is_assisted(public_id):
        answers["assisted_by_chamber"] = True
    branding = branding_for_chamber(g.chamber, current_app.instance_path)
    pdf = assessment_plan_pdf(public_id, answers, plan_dict, branding, g.lang)
    return pdf_response(pdf, plan_filename(plan_dict["evaluated_on"], g.lang))


def _header() -> list[str]:
    return [gettext("Business"), gettext("E-mail"), gettext("Country"), gettext("Sector"), gettext("Markets"),
            gettext("Completed on"), gettext("Most urgent actions")]


def _cells(row: dict[str, Any]) -> list[str]:
    return [_safe_cell(row["business_name"]), _safe_cell(row["email"]), row["country"], _safe_cell(row["sector"]),
            ", ".join(row["markets"]), row["completed_on"].isoformat(), _safe_cell(" | ".join(row["actions"]))]


def _safe_cell(text: str) -> str:
    """A value a spreadsheet must not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/export.csv")
@limiter.limit(EXPORT_LIMIT)
@chamber_data_required
def export_csv() -> Response:
    search = _search()
    _audit("members.export_csv", q=search)
    chamber_id = g.chamber_id

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer.writerow(_header())
        for number, row in enumerate(services.iter_rows(chamber_id, search), 1):
            writer.writerow(_cells(row))
            if number % 100 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="members-{g.chamber.slug}.csv"'
    return response


@bp.get("/export.xlsx")
@limiter.limit(EXPORT_LIMIT)
@chamber_data_required
def export_xlsx() -> Response:
    from openpyxl import Workbook  # noqa: PLC0415

    search = _search()
    _audit("members.export_xlsx", q=search)
    book = Workbook(write_only=True)  # rows go to a temporary file, not into memory
    sheet = book.create_sheet(gettext("Members"))
    sheet.append(_header())
    for row in services.iter_rows(g.chamber_id, search):
        sheet.append(_cells(row))
    handle = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115  (send_file closes it)
    book.save(handle)
    handle.seek(0)
    return send_file(handle, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     as_attachment=True, download_name=f"members-{g.chamber.slug}.xlsx")


@bp.post("/assisted/new")
@chamber_data_required
def start_assisted() -> Response:
    """Start a questionnaire with a member, in this browser; marked as completed with the chamber's help."""
    from app.assessments import services as store  # noqa: PLC0415
    from app.wizard import current_steps  # noqa: PLC0415
    from app.wizard.routes import remember_questionnaire  # noqa: PLC0415  (the wizard's own record of open questionnaires)

    user = current_staff()
    assert user is not None
    public_id, keys = store.create(g.chamber_id, g.lang)
    assisted.mark_assisted(public_id, g.chamber_id, user.id, client_address())
    remember_questionnaire(public_id, keys.token, keys.code)
    # Marked in this browser too: signed out or timed out, it still cannot answer the consent step.
    known = dict(session.get("wizard", {}))
    known[public_id] = {**known.get(public_id, {}), "a": 1}
    session["wizard"] = known
    flash(gettext("You are filling in a questionnaire with a member. The consent questions are theirs: "
                  "hand it over with its resume link or code when you reach them."), "info")
    return redirect(url_for("wizard.step", public_id=public_id, step_id=current_steps().steps[0].id))


@bp.get("/assisted/<public_id>/hand-over")
@chamber_data_required
def hand_over(public_id: str) -> str:
    """The resume link and code of an assisted questionnaire this browser holds, for the member."""
    from app.assessments import services as store  # noqa: PLC0415
    from app.urls import public_url  # noqa: PLC0415
    from app.wizard.routes import held_keys  # noqa: PLC0415  (the keys this browser's session holds, sealed)

    keys = held_keys(public_id)
    if not assisted.is_assisted(public_id) or not keys or not _in_chamber(public_id):
        abort(404)
    link = public_url("wizard.resume_link", token=keys["t"]) if keys.get("t") else None
    code = store.format_code(keys["c"]) if keys.get("c") else None
    return render_template("members/hand_over.html", link=link, code=code, public_id=public_id)


def _in_chamber(public_id: str) -> bool:
    from sqlalchemy import select  # noqa: PLC0415

    from app.assessments.models import Assessment  # noqa: PLC0415

    return db.session.scalar(select(Assessment.id).filter_by(public_id=public_id, chamber_id=g.chamber_id)) is not None


@bp.before_app_request
def _consent_is_the_members() -> Response | None:
    """Staff signed in here, or the browser a questionnaire was started in by staff (even signed out
    since), cannot open or save the consent step of an assisted questionnaire."""
    if request.endpoint != "wizard.step":
        return None
    args = request.view_args or {}
    if args.get("step_id") not in assisted.consent_step_ids():
        return None
    started_here = ((session.get("wizard") or {}).get(args.get("public_id")) or {}).get("a")
    if not started_here and (current_staff() is None or not assisted.is_assisted(args.get("public_id"))):
        return None
    flash(gettext("The consent questions are the member's to answer. Give them the resume link or code: "
                  "they finish the questionnaire on their own."), "info")
    return redirect(url_for("members.hand_over", public_id=args["public_id"]))


@bp.app_context_processor
def _assisted_mark() -> dict[str, Any]:
    """`assisted_by_chamber` for the results page (the owner's and the staff's view)."""
    if request.endpoint not in ("wizard.results", "members.plan"):
        return {}
    return {"assisted_by_chamber": assisted.is_assisted((request.view_args or {}).get("public_id"))}
