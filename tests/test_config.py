"""Configuration comes from the environment, with safe defaults."""

from __future__ import annotations

from app.config import from_environment, instance_secret_key


def test_without_a_secret_key_one_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = from_environment(str(tmp_path), {})["SECRET_KEY"]
    second = from_environment(str(tmp_path), {})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_two_instance_folders_get_different_keys(tmp_path):
    assert instance_secret_key(str(tmp_path / "a")) != instance_secret_key(str(tmp_path / "b"))


def test_a_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert from_environment(str(tmp_path), {})["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_the_database_defaults_to_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = from_environment(str(tmp_path), {"SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"]
    assert url == f"sqlite:///{tmp_path / 'portal.sqlite3'}"


def test_database_url_points_the_portal_at_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://portal@db/portal")
    url = from_environment(str(tmp_path), {"SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"]
    assert url == "postgresql+psycopg://portal@db/portal"


def test_development_mode_allows_cookies_over_plain_http(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "development")
    settings = from_environment(str(tmp_path), {"SECRET_KEY": "x"})
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["SESSION_COOKIE_NAME"] == "session"
