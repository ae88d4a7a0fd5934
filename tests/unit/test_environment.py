"""The locks pin what their inputs name, and the conda environment file carries exactly the
runtime pins."""

import ast
import re
import sys
from importlib.metadata import packages_distributions

from tests.conftest import ROOT


def pins(text: str, sep: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        m = re.match(rf"^\s*-?\s*([A-Za-z0-9_.\-]+)\s*{sep}\s*([^\s\\;]+)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def read(name: str) -> dict[str, str]:
    return pins((ROOT / "envs" / name).read_text(), "==")


def test_locks_pin_every_top_level_requirement():
    for src, lock_name in (
        ("requirements.in", "requirements.lock"),
        ("requirements-dev.in", "requirements-dev.lock"),
        ("bootstrap.in", "bootstrap.lock"),
    ):
        req, lock = read(src), read(lock_name)
        assert req, f"{src} lists no pins"
        for name, version in req.items():
            assert lock.get(name) == version, f"{name}: {src} {version}, {lock_name} {lock.get(name)}"
        # fully pinned: every requirement line of the lock has an exact version and hashes
        body = (ROOT / "envs" / lock_name).read_text()
        assert "--hash=sha256:" in body
        assert not re.search(r"^[A-Za-z0-9_.\-]+\s*(>=|<=|~=|>|<)", body, re.M)


def test_dev_lock_keeps_the_runtime_pins():
    runtime, dev = read("requirements.lock"), read("requirements-dev.lock")
    clash = {n: (v, dev[n]) for n, v in runtime.items() if n in dev and dev[n] != v}
    assert not clash, f"dev lock pins differ from the runtime lock: {clash}"


def test_runtime_lock_has_no_test_or_dev_tools():
    runtime = read("requirements.lock")
    dev_only = set(read("requirements-dev.in"))
    assert {"pytest", "ruff", "snakefmt", "pyfixest", "wildboottest", "mkdocs", "mkdocs-material"} <= dev_only
    for tool in sorted(dev_only | {"black", "ipython", "pytest-xdist"}):
        assert tool not in runtime, f"{tool} is a test/dev tool but is in the runtime lock"


def pipeline_imports() -> dict[str, str]:
    """Top-level third-party modules the pipeline imports -> a file that imports it: the package,
    the workflow scripts, the Snakefile and the rule files."""
    out: dict[str, str] = {}
    files = sorted((ROOT / "src" / "ailabor").rglob("*.py")) + sorted((ROOT / "workflow" / "scripts").glob("*.py"))
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(), filename=str(f))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                out.setdefault(name.split(".")[0], str(f.relative_to(ROOT)))
    for f in [ROOT / "Snakefile", *sorted((ROOT / "workflow" / "rules").glob("*.smk"))]:
        for name in re.findall(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", f.read_text(), re.M):
            out.setdefault(name, str(f.relative_to(ROOT)))
    return {m: f for m, f in out.items() if m not in sys.stdlib_module_names and m != "ailabor"}


def test_runtime_lock_holds_every_module_the_pipeline_imports():
    imports = pipeline_imports()
    assert {"snakemake", "pandas", "yaml", "requests"} <= set(imports)  # the scan reaches the code
    runtime = read("requirements.lock")
    dists = packages_distributions()
    missing = {}
    for module, where in sorted(imports.items()):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & set(runtime):
            missing[module] = where
    assert not missing, f"imported by the pipeline but not in envs/requirements.lock: {missing}"


def test_conda_environment_agrees_with_the_runtime_lock():
    env = read("environment.yaml")
    lock = read("requirements.lock")
    req = read("requirements.in")
    assert set(req) <= set(env), f"missing from environment.yaml: {sorted(set(req) - set(env))}"
    assert not set(env) & set(read("requirements-dev.in")), "environment.yaml carries dev tools"
    for name, version in env.items():
        assert lock.get(name) == version, f"{name}: environment.yaml {version}, lock {lock.get(name)}"
    assert re.search(r"^\s*-\s*python=3\.11\s*$", (ROOT / "envs/environment.yaml").read_text(), re.M)
