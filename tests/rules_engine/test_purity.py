"""The engine is pure Python: no Flask, no database, no code in rules/."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "app" / "rules_engine"
RULES = Path(__file__).resolve().parents[2] / "rules"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "psycopg", "werkzeug", "jinja2")
# The only modules of the app the engine may import, both pure themselves.
ALLOWED_APP_MODULES = ("app.rules_engine", "app.i18n.catalogs", "app.answers.validation")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_engine_imports_neither_flask_nor_a_database():
    offending = {
        f"{path.relative_to(ENGINE)}: {module}"
        for path in ENGINE.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN or module.startswith("flask")
    }
    assert offending == set()


def test_the_engine_imports_only_pure_parts_of_the_app():
    offending = {
        f"{path.relative_to(ENGINE)}: {module}"
        for path in ENGINE.rglob("*.py")
        for module in imported_modules(path)
        if (module == "app" or module.startswith("app.")) and not module.startswith(ALLOWED_APP_MODULES)
    }
    assert offending == set()


def test_the_rules_folder_holds_data_only():
    code = [p.name for p in RULES.rglob("*") if p.suffix in (".py", ".pyc", ".sh", ".js")]
    assert code == []
