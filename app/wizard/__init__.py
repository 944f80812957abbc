"""The questionnaire wizard: steps from `rules/steps/`, save and resume, results.

`init_app` reads the step files once (a broken one stops start-up, like a
broken rule base) and registers the blueprint; its settings (resume period,
mail) are read in `app/config.py`.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask

from app.wizard.steps import StepBook, load_steps

bp = Blueprint("wizard", __name__, template_folder="templates")
EXTENSION_KEY = "wizard_steps"
RULES_ROOT = Path(__file__).resolve().parents[2] / "rules"

def init_app(app: Flask) -> None:
    root = Path(app.config.get("RULES_DIR") or RULES_ROOT)
    app.extensions[EXTENSION_KEY] = load_steps(root)
    app.register_blueprint(bp)


def current_steps() -> StepBook:
    from flask import current_app

    return current_app.extensions[EXTENSION_KEY]


from app.wizard import routes, step_routes  # noqa: E402,F401  (registers the views on bp)
