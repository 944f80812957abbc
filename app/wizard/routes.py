"""The wizard's pages: start, one page per step, check your answers, results,
save for later, resume and delete. Every form POSTs, commits, then redirects.

Which questionnaire a browser may open is kept in its session (the ids it
started or resumed); `@owns_assessment` guards every page that shows answers.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app.assessments import services as store
from app.assessments.retention import outbox_tag
from app.chambers.services import RESOURCE_AREAS
from app.extensions import limiter
from app.plans import links as plan_links
from app.sealing import seal, unseal
from app.urls import public_url
from app.wizard import current_steps, presenters
from app.wizard import services as svc
from app.wizard.branching import first_open_step
from app.wizard.mail import MailNotSent, RecipientNotSupported, mail_enabled, send_mail

bp = Blueprint("wizard", __name__, template_folder="templates")
KEEP_IDS = 5  # questionnaires one browser session remembers
# The resume keys a session holds are sealed (app/sealing.py): the cookie is signed, not encrypted.
SEALED_KEYS = "wizard resume keys"


def remember_questionnaire(public_id: str, token: str | None = None, code: str | None = None) -> None:
    """Keep `public_id` (and its keys, sealed) in this browser's session,
    dropping the least recently opened beyond KEEP_IDS. The session is stored
    as JSON with sorted keys, so the order of opening is kept in each entry ("s")."""
    known = dict(session.get("wizard", {}))
    keys = {**held_keys(public_id), **({"t": token} if token else {}), **({"c": code} if code else {})}
    entry = dict(known.pop(public_id, {}))  # with any other mark it carries
    entry["s"] = time.time_ns()
    if keys:
        entry["k"] = seal(SEALED_KEYS, json.dumps(keys))
    known[public_id] = entry
    newest = sorted(known.items(), key=lambda item: item[1].get("s", 0))[-KEEP_IDS:]
    session["wizard"] = dict(newest)


def held_keys(public_id: str) -> dict[str, str]:
    """The resume keys this browser's session holds for `public_id` ("t": token, "c": code)."""
    sealed = session.get("wizard", {}).get(public_id, {}).get("k")
    keys = unseal(SEALED_KEYS, sealed) if sealed else None
    return json.loads(keys) if keys else {}  # none, or sealed under a rotated SECRET_KEY: gone, not the questionnaire


def owns_assessment(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only a browser that started or resumed this questionnaire may open it."""

    @wraps(view)
    def wrapped(public_id: str, **kwargs: Any) -> Any:
        if public_id not in session.get("wizard", {}):
            flash(gettext("To continue a questionnaire, open your resume link or enter your resume code."), "info")
            return redirect(url_for("wizard.resume"))
        try:
            g.assessment = svc.load_assessment(public_id, g.chamber_id)
        except store.AssessmentNotFound:
            if store.exists_elsewhere(public_id, g.chamber_id):
                abort(404)  # another chamber's portal: its questionnaire stays remembered, and is not shown here
            _forget(public_id)
            flash(gettext("This questionnaire no longer exists."), "info")
            return redirect(url_for("wizard.start"))
        if not _working_keys(public_id):
            # Renewed on another device: "the old ones no longer work" holds for
            # every browser that opened them, not only for new ones.
            _forget(public_id)
            flash(gettext("The resume link and code of this questionnaire were renewed on another device. "
                          "Open the new link, or enter the new code, to continue."), "info")
            return redirect(url_for("wizard.resume"))
        return view(public_id, **kwargs)

    return wrapped


@bp.after_request
def _not_stored(response: Response) -> Response:
    """The wizard's pages show answers, resume links and codes: no browser or
    proxy cache keeps them (a shared computer's back button, a proxy)."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _forget(public_id: str) -> None:
    known = dict(session.get("wizard", {}))
    known.pop(public_id, None)
    session["wizard"] = known


def _working_keys(public_id: str) -> dict[str, str]:
    """The resume keys this browser holds that still open the questionnaire
    (none once they were renewed on another device).

    Checked against the hashes of the row the page's state was read from (no query of its own).
    """
    keys = held_keys(public_id)
    stored = g.assessment.record.assessment
    hashes = {"t": (store.token_hash, stored.resume_token_hash), "c": (store.code_hash, stored.resume_code_hash)}
    working = {}
    for name, (hash_of, digest) in hashes.items():
        if keys.get(name) and digest and hmac.compare_digest(hash_of(keys[name]), digest):
            working[name] = keys[name]
    return working


def _resume_box(public_id: str) -> dict[str, Any]:
    keys = _working_keys(public_id)
    token, code = keys.get("t"), keys.get("c")
    return {
        "link": public_url("wizard.resume_link", token=token) if token else None,
        "code": store.format_code(code) if code else None,
        "expires_on": g.assessment.resume_expires_on if keys else None,
    }


def _page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    if "public_id" in context:
        context.setdefault("resume", _resume_box(context["public_id"]))
    return render_template(template, **context), status


@bp.get("/<chamber_slug>/<lang:lang>/questionnaire/")
def start() -> Any:
    """What the questionnaire is, a start button, and resuming with a code."""
    return _page("wizard/start.html", steps=[presenters.step_title(s) for s in current_steps().steps if not s.part_of])


@bp.post("/<chamber_slug>/<lang:lang>/questionnaire/new")
def new() -> Response:
    public_id, keys = store.create(g.chamber_id, g.lang)
    remember_questionnaire(public_id, keys.token, keys.code)
    return redirect(url_for("wizard.step", public_id=public_id, step_id=current_steps().steps[0].id))


@bp.get("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/")
@owns_assessment
def current(public_id: str) -> Response:
    """Where this questionnaire was left: its first unfinished step, else review."""
    state = g.assessment
    if state.status == "completed":
        return redirect(url_for("wizard.results", public_id=public_id))
    following = first_open_step(current_steps(), state.answers, state.contact)
    if following is None:
        return redirect(url_for("wizard.review", public_id=public_id))
    return redirect(url_for("wizard.step", public_id=public_id, step_id=following.id))


def _mail_limit() -> str:
    return str(current_app.config["RESUME_MAIL_RATE_LIMIT"])


def _not_mailing() -> bool:
    return request.method != "POST" or request.form.get("action") == "renew" or not request.form.get("email")


def _recipient() -> str:
    return "mail-to:" + (request.form.get("email") or "").strip().lower()[:320]


def _questionnaire() -> str:
    return "mail-for:" + str((request.view_args or {}).get("public_id"))


@bp.route("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/save", methods=["GET", "POST"])
@limiter.limit(_mail_limit, key_func=_recipient, exempt_when=_not_mailing)
@limiter.limit(_mail_limit, key_func=_questionnaire, exempt_when=_not_mailing)
@owns_assessment
def save_for_later(public_id: str) -> Any:
    """The resume link and code, and sending them by e-mail."""
    from app.wizard.forms import EmailLinkForm

    form = EmailLinkForm()
    if request.method == "POST" and request.form.get("action") == "renew":  # CSRF: checked app-wide
        renewed = store.renew_keys(public_id, g.chamber_id)
        remember_questionnaire(public_id, renewed.token, renewed.code)
        flash(gettext("Here are your new resume link and code. The old ones no longer work."), "success")
        return redirect(url_for("wizard.save_for_later", public_id=public_id))
    if request.method == "POST" and form.validate():
        address = form.email.data.strip()
        problem = _email_keys(public_id, address)
        if problem is None:
            flash(gettext("We sent your resume link and code to %(email)s. We do not keep this address.", email=address),
                  "success")
            return redirect(url_for("wizard.save_for_later", public_id=public_id))
        form.email.errors.append(problem)
    back = first_open_step(current_steps(), g.assessment.answers, g.assessment.contact)
    return _page("wizard/save.html", 422 if form.errors else 200, public_id=public_id, form=form,
                 mail=mail_enabled(), back_step=back.id if back else None, completed=g.assessment.status == "completed")


def _email_keys(public_id: str, address: str) -> str | None:
    """E-mail this browser's working resume keys (new ones if it lacks them);
    None once sent, else what to tell the business."""
    keys = _working_keys(public_id)
    if not (keys.get("t") and keys.get("c")):
        renewed = store.renew_keys(public_id, g.chamber_id)
        remember_questionnaire(public_id, renewed.token, renewed.code)
        g.assessment = svc.load_assessment(public_id, g.chamber_id)  # with the new keys' hashes
        keys = {"t": renewed.token, "c": renewed.code}
    link = public_url("wizard.resume_link", token=keys["t"])
    body = render_template("wizard/resume_email.txt", link=link, code=store.format_code(keys["c"]),
                           expires_on=g.assessment.resume_expires_on)
    try:
        send_mail(address, gettext("Your link to continue the export questionnaire"), body, g.lang,
                  tag=outbox_tag(public_id))
    except RecipientNotSupported:
        return gettext("We cannot send e-mail to an address with accents or other special letters before the @. "
                       "Enter another address, or copy your link and code from this page.")
    except MailNotSent:
        return gettext("We could not send the e-mail just now. Try again in a few minutes, or copy your link and "
                       "code from this page.")
    return None


def _last_opened(known: dict[str, Any], other_than: str) -> str | None:
    """The questionnaire this browser opened last, but `other_than`; None if there is none."""
    others = [known_id for known_id in known if known_id != other_than]
    return max(others, key=lambda known_id: known[known_id].get("s", 0)) if others else None


def link_not_valid() -> Response:
    """Where an expired or unknown resume link leads: the resume-code page, with why."""
    flash(gettext("This resume link has expired or is not valid. Enter your resume code, or start again."), "error")
    return redirect(url_for("wizard.resume"))


@bp.route("/<chamber_slug>/<lang:lang>/resume/<token>", methods=["GET", "POST"])
def resume_link(token: str) -> Any:
    """Open the questionnaire of a resume link. A browser already working on
    other questionnaires is asked first (a POST), so a link from another
    site cannot switch it to a stranger's questionnaire unawares."""
    from flask_wtf import FlaskForm

    form = FlaskForm()
    public_id = store.resume_by_token(token, g.chamber_id)
    if public_id is None:
        return link_not_valid()
    known = session.get("wizard", {})
    if known and public_id not in known and not (request.method == "POST" and form.validate()):
        mine = _last_opened(known, public_id)
        return _page("wizard/resume_confirm.html", form=form, token=token, mine=mine)
    remember_questionnaire(public_id, token=token)
    return redirect(url_for("wizard.current", public_id=public_id))


@bp.route("/<chamber_slug>/<lang:lang>/plan/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def plan_link(token: str) -> Any:
    """The link of an e-mail about a changed plan (app/plans/links.py). A browser
    that holds working keys goes straight to the plan. Any other is asked first
    (a GET changes nothing: mail scanners open links too), then gets new resume
    keys, shown on the plan's page; the old ones stop working, as when renewed."""
    from flask_wtf import FlaskForm

    public_id = plan_links.public_id_of(token)
    try:
        g.assessment = svc.load_assessment(public_id, g.chamber_id) if public_id else None
    except store.AssessmentNotFound:
        g.assessment = None
    if g.assessment is None or g.assessment.status != "completed":
        return link_not_valid()
    known = session.get("wizard", {})
    if public_id in known and _working_keys(public_id):
        remember_questionnaire(public_id)
        return redirect(url_for("wizard.results", public_id=public_id))
    form = FlaskForm()
    if not (request.method == "POST" and form.validate()):
        mine = _last_opened(known, public_id)
        return _page("wizard/plan_link.html", form=form, mine=mine)
    renewed = store.renew_keys(public_id, g.chamber_id)
    remember_questionnaire(public_id, renewed.token, renewed.code)
    flash(gettext("Your plan is open. Here are a new resume link and code for it, at the bottom of this page; "
                  "the old ones no longer work."), "success")
    return redirect(url_for("wizard.results", public_id=public_id))


@bp.route("/<chamber_slug>/<lang:lang>/resume", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def resume() -> Any:
    """Continue on any device by typing the short resume code."""
    from app.wizard.forms import ResumeCodeForm

    form = ResumeCodeForm()
    if request.method == "POST" and form.validate():
        public_id = store.resume_by_code(form.code.data, g.chamber_id)
        if public_id is not None:
            remember_questionnaire(public_id, code=store.normalize_code(form.code.data))
            return redirect(url_for("wizard.current", public_id=public_id))
        form.code.errors.append(gettext("We found no questionnaire with this code. Check it, or start again: codes expire."))
    return _page("wizard/resume.html", 422 if form.errors else 200, form=form)


@bp.route("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/delete", methods=["GET", "POST"])
@owns_assessment
def delete(public_id: str) -> Any:
    """Ask, then remove the answers and contact details for good."""
    from flask_wtf import FlaskForm

    form = FlaskForm()
    if request.method == "POST" and form.validate():
        store.delete(public_id, g.chamber_id)
        _forget(public_id)
        return redirect(url_for("wizard.deleted"))
    return _page("wizard/delete.html", public_id=public_id, form=form)


@bp.get("/<chamber_slug>/<lang:lang>/questionnaire/deleted")
def deleted() -> Any:
    return _page("wizard/deleted.html")


@bp.context_processor
def plan_helpers() -> dict[str, Any]:
    """For the results page: reasons in plain words (the PDF words them the same
    way, through `explain_answer`) and the chamber's own resources by area."""
    from app.plans.explain import explain_answer  # noqa: PLC0415  (it imports this package's steps)

    return {
        "explain_answer": lambda path, value: explain_answer(path, value, g.lang, current_steps()),
        "chamber_resources": _chamber_resources,
    }


def _chamber_resources(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The chamber's resources for each area of `plan` (the results page's
    view) that applies; those without an area come last, under no area name."""
    chamber = g.get("chamber")
    resources = list(getattr(chamber, "local_resources", ()) or ())
    applying = {item["area"] for item in plan["areas"]}
    blocks = []
    for area in RESOURCE_AREAS:
        chosen = [r for r in resources if area in r["areas"]]
        if area in applying and chosen:
            blocks.append({"area": area, "name": presenters.AREA_NAMES[area], "resources": chosen})
    general = [r for r in resources if not r["areas"]]
    if general:
        blocks.append({"area": None, "name": None, "resources": general})
    return blocks
