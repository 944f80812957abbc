"""When an action is due, in words: one source for the results page and the PDF.

Pure (no Flask): it reads the plan's action (`due_date`, `lead_time`; see
app/rules_engine/schedule.py, where the dates are worked out) and words it
in the plan's language. Plans made before `due_date` existed count
`due_in_days` from the evaluation date, as they did then; plans made before
every action had a `lead_time` keep their calendar date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.support import Translations

from app.i18n.formats import format_date
from app.i18n.markers import N_

# A lead time of this many days or more, in whole weeks, is said in weeks.
WEEKS_FROM_DAYS = 14

DATED = {
    "first_trip": N_("By %(date)s, %(lead)s before the trip"),
    "first_shipment": N_("By %(date)s, %(lead)s before your first shipment"),
}
UNDATED = {
    "first_trip": N_("At least %(lead)s before the trip"),
    "first_shipment": N_("At least %(lead)s before your first shipment"),
}
NO_LEAD = {
    "first_trip": N_("Before the trip"),
    "first_shipment": N_("Before your first shipment"),
}
DATED_NO_LEAD = {
    "first_trip": N_("By %(date)s, the day of the trip"),
    "first_shipment": N_("By %(date)s, the day of your first shipment"),
}
TIME_SHORT = {
    "first_trip": N_("Start now: this usually takes %(lead)s, more than the time left before the trip on "
                     "%(date)s. Consider moving the trip."),
    "first_shipment": N_("Start now: this usually takes %(lead)s, more than the time left before your first "
                         "shipment on %(date)s. Consider moving the shipment."),
}


@dataclass(frozen=True)
class DueView:
    iso: str | None  # the date the action is due by; None when it counts back from a date not given
    label: str  # short: a date, "Now", or "At least 13 weeks before the trip"
    text: str  # the sentence
    time_short: bool


def lead_words(days: int, t: Translations) -> str:
    """"13 weeks", "10 days": weeks when the lead time is whole weeks, two or more."""
    if days >= WEEKS_FROM_DAYS and days % 7 == 0:
        return t.ngettext("%(num)d week", "%(num)d weeks", days // 7) % {"num": days // 7}
    return t.ngettext("%(num)d day", "%(num)d days", days) % {"num": days}


def due_date(action: Mapping[str, Any], evaluated_on: date) -> date | None:
    if "due_date" in action:
        return date.fromisoformat(action["due_date"]) if action["due_date"] else None
    return evaluated_on + timedelta(days=int(action["due_in_days"]))


def due_view(action: Mapping[str, Any], evaluated_on: date, t: Translations, locale: str) -> DueView:
    due = due_date(action, evaluated_on)
    timing = action.get("lead_time")
    when = format_date(due, locale) if due else ""
    if not timing:
        return DueView(due.isoformat() if due else None, when, t.gettext("By %(date)s") % {"date": when}, False)
    before, lead = timing["before"], lead_words(int(timing["days"]), t)
    if timing.get("time_short"):
        planned = format_date(date.fromisoformat(timing["planned_date"]), locale)
        return DueView(due.isoformat() if due else None, t.gettext("Now"),
                       t.gettext(TIME_SHORT[before]) % {"lead": lead, "date": planned}, True)
    if due is not None:
        wording = DATED[before] if timing["days"] else DATED_NO_LEAD[before]
        return DueView(due.isoformat(), when, t.gettext(wording) % {"date": when, "lead": lead}, False)
    text = t.gettext(UNDATED[before]) % {"lead": lead} if timing["days"] else t.gettext(NO_LEAD[before])
    return DueView(None, text, text, False)
