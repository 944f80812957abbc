"""How a due date reads, in each language, from the plan's action alone
(app/plans/due.py, shared by the results page and the PDF)."""

from __future__ import annotations

from datetime import date

import pytest

from app.i18n.catalogs import get_translations
from app.plans.due import due_view

ON = date(2026, 12, 7)
NNBSP = "\u202f"


def view(action: dict, locale: str):
    return due_view({"due_in_days": 7, **action}, ON, get_translations(locale), locale)


def timing(days: int, before: str = "first_trip", planned: str | None = None, short: bool = False) -> dict:
    return {"before": before, "days": days, "planned_date": planned, "time_short": short}


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "At least 52 weeks before the trip"),
    ("es", "Al menos 52 semanas antes del viaje"),
    ("fr", "Au moins 52 semaines avant le voyage"),
])
def test_without_a_trip_date_the_lead_time_is_said_in_weeks_and_no_date_is_invented(locale, expected):
    found = view({"due_date": None, "lead_time": timing(364)}, locale)
    assert found.text == expected and found.label == expected and found.iso is None


@pytest.mark.parametrize(("locale", "days", "expected"), [
    ("en", 1, "At least 1 day before your first shipment"),
    ("en", 10, "At least 10 days before your first shipment"),
    ("en", 14, "At least 2 weeks before your first shipment"),
    ("es", 1, "Al menos 1 día antes de su primer envío"),
    ("es", 10, "Al menos 10 días antes de su primer envío"),
    ("fr", 1, "Au moins 1 jour avant votre premier envoi"),
    ("fr", 28, "Au moins 4 semaines avant votre premier envoi"),
])
def test_the_lead_time_takes_the_plural_form_of_its_number(locale, days, expected):
    assert view({"due_date": None, "lead_time": timing(days, "first_shipment")}, locale).text == expected


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "By March 3, 2027, 52 weeks before the trip"),
    ("es", "A más tardar el 3 de marzo de 2027, 52 semanas antes del viaje"),
    ("fr", "D’ici le 3 mars 2027, 52 semaines avant le voyage"),
])
def test_with_a_trip_date_the_due_date_says_how_long_before_the_trip_it_is(locale, expected):
    found = view({"due_date": "2027-03-03", "lead_time": timing(364, planned="2028-03-01")}, locale)
    assert found.text == expected and found.iso == "2027-03-03" and not found.time_short


@pytest.mark.parametrize(("locale", "label", "expected"), [
    ("en", "Now", "Start now: this usually takes 52 weeks, more than the time left before the trip on March 1, 2027. "
                  "Consider moving the trip."),
    ("es", "Ya", "Empiece ya: este trámite suele tomar 52 semanas, más que el tiempo que queda antes del viaje del "
                 "1 de marzo de 2027. Considere cambiar la fecha del viaje."),
    ("fr", "Maintenant", f"Commencez dès maintenant{NNBSP}: cette démarche prend d’habitude 52 semaines, plus que le "
                         "temps qui reste avant le voyage du 1 mars 2027. Envisagez de reporter le voyage."),
])
def test_a_trip_closer_than_the_lead_time_says_so_plainly(locale, label, expected):
    found = view({"due_date": "2026-12-07", "lead_time": timing(364, planned="2027-03-01", short=True)}, locale)
    assert (found.label, found.text, found.time_short) == (label, expected, True)


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "Start now: this usually takes 8 weeks, more than the time left before your first shipment on January 15, 2027. "
           "Consider moving the shipment."),
    ("fr", f"Commencez dès maintenant{NNBSP}: cette démarche prend d’habitude 8 semaines, plus que le temps qui reste "
           "avant votre premier envoi du 15 janvier 2027. Envisagez de reporter l’envoi."),
])
def test_a_shipment_closer_than_the_lead_time_says_so_plainly(locale, expected):
    found = view({"due_date": "2026-12-07", "lead_time": timing(56, "first_shipment", "2027-01-15", True)}, locale)
    assert found.text == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "By December 21, 2026"), ("es", "A más tardar el 21 de diciembre de 2026")])
def test_an_action_of_an_older_plan_without_a_lead_time_is_due_by_its_date(locale, expected):
    assert view({"due_date": "2026-12-21"}, locale).text == expected


def test_a_plan_made_before_due_dates_existed_counts_due_in_days_from_its_evaluation():
    found = due_view({"due_in_days": 14}, ON, get_translations("en"), "en")
    assert (found.iso, found.text) == ("2026-12-21", "By December 21, 2026")


def test_a_lead_time_of_zero_days_says_before_the_trip():
    assert view({"due_date": None, "lead_time": timing(0)}, "es").text == "Antes del viaje"


@pytest.mark.parametrize(("locale", "before", "expected"), [
    ("en", "first_shipment", "Before your first shipment"),
    ("fr", "first_shipment", "Avant votre premier envoi"),
    ("es", "first_trip", "Antes del viaje"),
])
def test_an_action_with_no_lead_time_and_no_planned_date_names_the_date_it_comes_before(locale, before, expected):
    found = view({"due_date": None, "lead_time": timing(0, before)}, locale)
    assert (found.iso, found.label, found.text) == (None, expected, expected)


@pytest.mark.parametrize(("locale", "before", "expected"), [
    ("en", "first_shipment", "By May 3, 2027, the day of your first shipment"),
    ("es", "first_trip", "A más tardar el 3 de mayo de 2027, el día del viaje"),
    ("fr", "first_shipment", "D’ici le 3 mai 2027, le jour de votre premier envoi"),
])
def test_an_action_with_no_lead_time_is_due_by_the_planned_date_itself(locale, before, expected):
    found = view({"due_date": "2027-05-03", "lead_time": timing(0, before, "2027-05-03")}, locale)
    assert (found.iso, found.text) == ("2027-05-03", expected)
