"""The conda environment file carries exactly the pins of the pip lock."""

import re

from tests.conftest import ROOT


def pins(text: str, sep: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        m = re.match(rf"^\s*-?\s*([A-Za-z0-9_.\-]+)\s*{sep}\s*([^\s\\;]+)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def test_lock_pins_every_top_level_requirement():
    req = pins((ROOT / "envs/requirements.in").read_text(), "==")
    lock = pins((ROOT / "envs/requirements.lock").read_text(), "==")
    assert req, "requirements.in lists no pins"
    for name, version in req.items():
        assert lock.get(name) == version, f"{name}: requirements.in {version}, lock {lock.get(name)}"
    # fully pinned: every requirement line of the lock has an exact version and hashes
    body = (ROOT / "envs/requirements.lock").read_text()
    assert "--hash=sha256:" in body
    assert not re.search(r"^[A-Za-z0-9_.\-]+\s*(>=|<=|~=|>|<)", body, re.M)


def test_conda_environment_agrees_with_the_lock():
    env = pins((ROOT / "envs/environment.yaml").read_text(), "==")
    lock = pins((ROOT / "envs/requirements.lock").read_text(), "==")
    req = pins((ROOT / "envs/requirements.in").read_text(), "==")
    assert set(req) <= set(env), f"missing from environment.yaml: {sorted(set(req) - set(env))}"
    for name, version in env.items():
        assert lock.get(name) == version, f"{name}: environment.yaml {version}, lock {lock.get(name)}"
    assert re.search(r"^\s*-\s*python=3\.11\s*$", (ROOT / "envs/environment.yaml").read_text(), re.M)
