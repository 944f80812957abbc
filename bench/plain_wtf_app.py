"""The reference the wizard issue names: a plain Flask-WTF page with seven
fields rendered by WTForms and one SQLite read (GET), and its submission
that validates, writes the row and redirects (POST).

Written the way a tutorial would write it, with the same SQLite settings as
the portal (write-ahead log, synchronous=NORMAL), so that what differs is
the application code, not the database's tuning. Its database file is
BENCH_PLAIN_DB; each simulated user edits its own row /form/<n>.
"""

from __future__ import annotations

import os

from flask import Flask, abort, redirect, render_template_string, url_for
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

ROWS = 64


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Company(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    country: Mapped[str] = mapped_column(default="CA")
    sector: Mapped[str] = mapped_column(default="33")
    employees: Mapped[int] = mapped_column(default=1)
    stage: Mapped[str] = mapped_column(default="exploring")
    markets: Mapped[str] = mapped_column(default="US")
    notes: Mapped[str] = mapped_column(default="")


class CompanyForm(FlaskForm):
    name = StringField("Business name", validators=[Optional()])
    country = SelectField("Country", choices=[("CA", "Canada"), ("MX", "Mexico"), ("US", "United States")])
    sector = SelectField("Sector", choices=[(str(n), f"Sector {n}") for n in range(11, 93)])
    employees = IntegerField("Employees", validators=[DataRequired(), NumberRange(min=1)])
    stage = RadioField("Export stage", choices=[("exploring", "Exploring"), ("first", "First sales"), ("regular", "Regular")])
    markets = SelectMultipleField("Markets", choices=[("CA", "Canada"), ("MX", "Mexico"), ("US", "United States")])
    notes = TextAreaField("Notes", validators=[Optional()])


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Company</title></head>
<body><main><h1>Your company</h1>
<form method="post" novalidate>{{ form.csrf_token }}
{% for field in form if field.name != "csrf_token" %}
<div class="field">{{ field.label }} {{ field() }}
{% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}</div>
{% endfor %}<button>Save</button></form></main></body></html>"""

app = Flask(__name__)
app.config.update(
    SECRET_KEY="bench-only",
    SQLALCHEMY_DATABASE_URI=f"sqlite:///{os.environ.get('BENCH_PLAIN_DB', '/tmp/bench-plain.sqlite3')}",
)
db.init_app(app)

with app.app_context():
    @event.listens_for(db.engine, "connect")
    def _pragmas(connection: object, record: object) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    db.create_all()
    if db.session.get(Company, 1) is None:
        db.session.add_all(Company(id=n) for n in range(1, ROWS + 1))
        try:
            db.session.commit()
        except IntegrityError:  # the other worker, starting at the same moment, seeded it first
            db.session.rollback()


@app.route("/form/<int:company_id>", methods=["GET", "POST"])
def edit(company_id: int) -> object:
    company = db.session.get(Company, company_id) or abort(404)
    form = CompanyForm(obj=company, markets=company.markets.split(","))
    if form.validate_on_submit():
        form.populate_obj(company)
        company.markets = ",".join(form.markets.data)
        db.session.commit()
        return redirect(url_for("edit", company_id=company_id))
    return render_template_string(PAGE, form=form)
