"""The project's copy of the answers contract matches the shared one.

The app never reads ../shared at run time; this test is what keeps the two
in step. Without ../shared it skips, except under CI, where it fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
SHARED_SPEC = ROOT.parent / "shared" / "spec"
COPIES = [
    ("answers.schema.json", "app/answers/answers.schema.json"),
    ("examples/furniture-workshop-mx.json", "app/answers/examples/furniture-workshop-mx.json"),
    ("examples/software-consultancy-ca.json", "app/answers/examples/software-consultancy-ca.json"),
    ("examples/specialty-food-us.json", "app/answers/examples/specialty-food-us.json"),
]


@pytest.mark.parametrize(("shared", "ours"), COPIES, ids=[c[0] for c in COPIES])
def test_our_copy_is_identical_to_the_shared_contract(shared, ours):
    if not SHARED_SPEC.is_dir():
        skip_or_fail(f"{SHARED_SPEC} is absent: cannot compare the contract copies")
    assert (ROOT / ours).read_bytes() == (SHARED_SPEC / shared).read_bytes(), (
        f"{ours} differs from shared/spec/{shared}: copy the shared file over ours"
    )
