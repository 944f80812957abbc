"""Each process keeps a chamber's page views, but never past a change to the chamber."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db


def test_a_chamber_deactivated_after_serving_pages_is_not_found_on_the_next_request(client, make_chamber):
    chamber = make_chamber("cached-chamber")
    assert client.get("/cached-chamber/en/").status_code == 200
    chamber.active = False
    db.session.commit()
    assert client.get("/cached-chamber/en/").status_code == 404
    assert client.get("/cached-chamber/fr/").status_code == 404


def test_a_chamber_deactivated_by_another_process_is_not_found_on_the_next_request(client, make_chamber):
    make_chamber("elsewhere")
    assert client.get("/elsewhere/es/").status_code == 200
    # A bare UPDATE, as another worker or a database console would do: no ORM event, updated_at unchanged.
    db.session.execute(sa.text("UPDATE chambers SET active = false WHERE slug = 'elsewhere'"))
    db.session.commit()
    assert client.get("/elsewhere/es/").status_code == 404


def test_a_reactivated_chamber_is_served_again(client, make_chamber):
    chamber = make_chamber("back-again", active=False)
    assert client.get("/back-again/en/").status_code == 404
    chamber.active = True
    db.session.commit()
    assert client.get("/back-again/en/").status_code == 200


def test_a_renamed_chamber_shows_its_new_name_on_the_next_request(client, make_chamber):
    chamber = make_chamber("renamed", name="Old Chamber Name", localized_names={"fr": "Ancien nom"})
    assert "Old Chamber Name" in client.get("/renamed/en/").text
    assert "Ancien nom" in client.get("/renamed/fr/").text
    chamber.name = "New Chamber Name"
    chamber.localized_names = {"fr": "Nouveau nom"}
    db.session.commit()
    assert "New Chamber Name" in client.get("/renamed/en/").text
    assert "Nouveau nom" in client.get("/renamed/fr/").text


def test_a_chamber_deleted_and_created_again_under_its_slug_is_the_new_one(client, make_chamber):
    first = make_chamber("reborn", name="First Of Its Name")
    assert "First Of Its Name" in client.get("/reborn/en/").text
    db.session.delete(first)
    db.session.commit()
    assert client.get("/reborn/en/").status_code == 404
    make_chamber("reborn", name="Second Of Its Name")
    page = client.get("/reborn/en/").text
    assert "Second Of Its Name" in page
    assert "First Of Its Name" not in page
