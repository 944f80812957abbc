"""The action plan as a PDF: from the results page, and straight from a resume link.

Both build the plan exactly as the results page does (same answers, same
evaluation date) in the URL's language, then follow app/pdf/services.py:
branding → `assessment_plan_pdf` (served from the cache while nothing
changed; rendered with no database transaction open) → `pdf_response`.
Only a completed questionnaire has a plan: a draft is sent to the review page
with a message.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import gettext
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from app.assessments import services as store
from app.extensions import limiter
from app.members.assisted import is_assisted
from app.pdf.services import assessment_plan_pdf, branding_for_chamber, pdf_response, plan_filename
from app.plans.services import build_plan
from app.wizard import services as svc
from app.wizard.routes import bp, link_not_valid, owns_assessment

PDF_LIMIT = "20 per minute"  # rendering takes a second; the cache makes repeats cheap


def is_prefetch() -> bool:
    """A browser fetching ahead (the results page's `<link rel="prefetch">`), not a click."""
    headers = request.headers
    return "prefetch" in (headers.get("Sec-Purpose", "") + headers.get("Purpose", "") + headers.get("X-Moz", "")).lower()


def _prefetch_key() -> str:
    return "pdf-prefetch:" + get_remote_address()


@bp.get("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/plan.pdf")
@limiter.limit(PDF_LIMIT, exempt_when=is_prefetch)
# Its own count: a results page shown often (each action marked done) never uses up the clicks'.
@limiter.limit(PDF_LIMIT, key_func=_prefetch_key, exempt_when=lambda: not is_prefetch())
@owns_assessment
def plan_pdf(public_id: str) -> Response:
    """The PDF of the plan on the results page. The page asks the browser to
    prefetch it: that request renders it into the server's cache (keyed by
    everything it shows, so it never goes stale), and the click is served
    from there. The response stays `no-store` (a personal document, not kept
    on a shared computer), so the click does come back here, for the file."""
    return _download(g.assessment)


@bp.get("/<chamber_slug>/<lang:lang>/resume/<token>/plan.pdf")
@limiter.limit(PDF_LIMIT)
def resume_plan_pdf(token: str) -> Response:
    """The PDF straight from a resume link (on any device): the link is the
    key, so the browser's session is left as it was."""
    public_id = store.resume_by_token(token, g.chamber_id)
    if public_id is None:
        return link_not_valid()
    return _download(svc.load_assessment(public_id, g.chamber_id))


def _download(state: svc.AssessmentState) -> Response:
    if state.status != "completed":
        flash(gettext("Your action plan is ready once you submit your answers. Check them, then submit."), "info")
        return redirect(url_for("wizard.review", public_id=state.public_id))
    result = build_plan(state.answers, g.lang, on=state.completed_on)
    if result.plan is None:
        flash(gettext("Some answers need to be checked again before we can prepare your plan."), "error")
        return redirect(url_for("wizard.review", public_id=state.public_id))
    plan = result.plan.as_dict()
    branding = branding_for_chamber(g.chamber, current_app.instance_path)
    # The business name, if given, is on the cover; it is kept apart from the answers.
    answers = {**state.answers, "contact": dict(state.contact)}
    if is_assisted(state.public_id):
        answers["assisted_by_chamber"] = True  # on the cover: completed with the chamber's help
    done = store.ticked_actions(state.record) if state.record is not None else frozenset()
    pdf = assessment_plan_pdf(state.public_id, answers, plan, branding, g.lang, done)
    return pdf_response(pdf, plan_filename(plan["evaluated_on"], g.lang))
