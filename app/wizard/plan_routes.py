"""The results page's "what changed" part: the view it shows, hiding it once
read, and stopping the e-mails about changes.

The plan is evaluated on the completion date as the results page does; what
changed is the difference between the plan the owner last acknowledged and
the plan the current rules give (app/plans/tracking.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, g, redirect, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app.assessments import services as store
from app.plans import tracking
from app.rules_engine import Plan
from app.wizard.presenters import PRIORITY_NAMES, area_name
from app.wizard.routes import bp, owns_assessment

RESULTS_URL = "/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/results"


def _title(entry: dict[str, Any], locale: str) -> str:
    titles = entry.get("t") or {}
    return titles.get(locale) or titles.get("en") or next(iter(titles.values()), "")


def _item(action_id: str, entry: dict[str, Any], locale: str, was: dict[str, Any] | None = None) -> dict[str, Any]:
    """An action as the list names it. No calendar date: an action's date depends on the planned
    shipment or trip (app/rules_engine/schedule.py), so the list links to the action, which shows it."""
    item = {"id": action_id, "title": _title(entry, locale), "area_name": area_name(entry["a"]),
            "priority_name": PRIORITY_NAMES[entry["p"]]}
    if was is not None:
        item["was_priority"] = PRIORITY_NAMES[was["p"]] if was["p"] != entry["p"] else None
        item["timing_changed"] = was["w"] != entry["w"] if "w" in was and "w" in entry else was["n"] != entry["n"]
    return item


def changes_view(since: tracking.SinceSeen | None, locale: str, completed: date) -> dict[str, Any] | None:
    """The changes as the page lists them: new, changed (with what it was), no longer needed."""
    if since is None:
        return None
    new, old, diff = since.new, since.old, since.diff
    return {
        "added": [_item(i, new[i], locale) for i in diff.added],
        "changed": [_item(i, new[i], locale, was=old[i]) for i in diff.changed],
        "removed": [_item(i, old[i], locale) for i in diff.removed],
        "from_version": since.from_version, "to_version": since.to_version,
        "seen_url": url_for("wizard.changes_seen", public_id=g.assessment.public_id),
    }


def what_changed(public_id: str, page_plan: Plan) -> dict[str, Any] | None:
    """For the results page of the questionnaire being shown."""
    state = g.assessment
    since = tracking.changes_since_seen(state.record.assessment.id, state.answers, state.completed_on, page_plan)
    return changes_view(since, g.lang, state.completed_on)


@bp.post(RESULTS_URL + "/changes-seen")
@owns_assessment
def changes_seen(public_id: str) -> Response:
    """The owner read the changes: the plan as it is now is the one they know (CSRF: checked app-wide)."""
    state = g.assessment
    if state.status == "completed":
        tracking.acknowledge(state.record.assessment.id, state.answers, state.completed_on)
    return redirect(url_for("wizard.results", public_id=public_id))


@bp.post(RESULTS_URL + "/stop-change-mails")
@owns_assessment
def stop_change_mails(public_id: str) -> Response:
    """No more e-mails about changes of this plan (CSRF: checked app-wide)."""
    store.stop_change_mails(g.assessment.record)
    flash(gettext("We will not e-mail you about changes of your plan any more."), "success")
    return redirect(url_for("wizard.results", public_id=public_id))
