"""Sealing small secrets that must leave the server or rest in the database:
encrypted and authenticated (Fernet, from `cryptography`) with a key derived
from SECRET_KEY for one purpose (HKDF), derived per use and never kept.

Flask's session cookie is signed, not encrypted: whoever reads it (a shared
computer, a proxy's log) reads what it holds. A resume key or a TOTP seed is
sealed before it goes there; a TOTP seed is sealed in the database too.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _fernet(purpose: str) -> Fernet:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=purpose.encode()).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(purpose: str, text: str) -> str:
    return _fernet(purpose).encrypt(text.encode()).decode()


def unseal(purpose: str, sealed: str) -> str | None:
    """The text, or None when it was sealed for another purpose or under another SECRET_KEY."""
    try:
        return _fernet(purpose).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
