"""The reliability suite (tools/reliability.py) under pytest: one test per case, each a real
Snakemake run on a small synthetic mirror driven through a failure (the reported data-update
and message defects, broken workbooks, kill -9, two runs at once, a full disk). The cases
share one synthetic mirror and one clean reference run, made by the first case that needs it.

CI runs the tool itself as its own step (it prints the table), so `.ci/run` sets
AILABOR_SKIP_RELIABILITY=1 for `make test` and the suite does not run twice.
"""

import importlib.util
import os
import sys

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("ailabor_reliability", ROOT / "tools" / "reliability.py")
reliability = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = reliability  # dataclasses resolve their annotations through sys.modules
_spec.loader.exec_module(reliability)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("AILABOR_SKIP_RELIABILITY") == "1",
        reason="AILABOR_SKIP_RELIABILITY=1: the reliability suite runs as its own CI step (tools/reliability.py)",
    ),
]


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    return reliability.Suite(tmp_path_factory.mktemp("reliability"))


@pytest.mark.parametrize("case", [c for c in reliability.CASES if c != "reference"])
def test_reliability_case(suite, case):
    outcome = reliability.run_case(suite, case)
    shown = [o for o in (suite.reference_outcome, outcome) if o is not None]
    assert outcome.ok, "\n" + reliability.table(shown)
    if all(c.ok is None for c in outcome.checks):
        pytest.skip(outcome.checks[0].expected)
