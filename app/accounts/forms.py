"""The staff pages' forms: every field bounded, every message translated."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.accounts.services import MAX_PASSWORD_LENGTH

_REQUIRED = lazy_gettext("Fill in this field.")
_TOO_LONG = lazy_gettext("This is too long.")

PASSWORD_PROBLEMS = {
    "too_short": lazy_gettext("Use at least 12 characters."),
    "too_long": lazy_gettext("This is too long."),
    "common": lazy_gettext("This password is too common or too easy to guess. Choose another."),
}


class SignInForm(FlaskForm):
    email = StringField(validators=[DataRequired(_REQUIRED), Length(max=254, message=_TOO_LONG)])
    password = PasswordField(validators=[DataRequired(_REQUIRED), Length(max=MAX_PASSWORD_LENGTH, message=_TOO_LONG)])


class CodeForm(FlaskForm):
    code = StringField(validators=[DataRequired(_REQUIRED), Length(max=40, message=_TOO_LONG)])


class EmailForm(FlaskForm):
    email = StringField(validators=[DataRequired(_REQUIRED), Length(max=254, message=_TOO_LONG)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(validators=[DataRequired(_REQUIRED), Length(max=MAX_PASSWORD_LENGTH, message=_TOO_LONG)])
    confirm = PasswordField(validators=[
        DataRequired(_REQUIRED),
        EqualTo("password", message=lazy_gettext("The two passwords are not the same.")),
    ])


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(validators=[DataRequired(_REQUIRED), Length(max=MAX_PASSWORD_LENGTH, message=_TOO_LONG)])
