"""The PDF's rendering and the pure helpers import neither Flask nor the database."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["app.pdf.render", "app.pdf.context", "app.colors", "app.i18n.formats"])
def test_the_module_imports_without_flask_or_sqlalchemy(module):
    code = f"import sys, {module}; print('flask' in sys.modules, 'sqlalchemy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
