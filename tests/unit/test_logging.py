"""Results reach the rule's log: scripts and package code log through ``logging`` (never
``print``), and :func:`ailabor.workflow.run` sends the records to the log file Snakemake names."""

import ast
import logging
from pathlib import Path

import pandas as pd
import pytest

from ailabor.errors import AilaborError
from ailabor.workflow import run

ROOT = Path(__file__).resolve().parents[2]
CLI_ENTRY_POINTS = {"__main__.py"}  # command-line tools print to the terminal


def print_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
    ]


def test_no_script_or_package_module_prints():
    files = sorted((ROOT / "workflow" / "scripts").glob("*.py")) + sorted((ROOT / "src" / "ailabor").rglob("*.py"))
    assert len(files) > 40
    found = {
        str(f.relative_to(ROOT)): lines for f in files if f.name not in CLI_ENTRY_POINTS and (lines := print_calls(f))
    }
    assert not found, f"print() instead of logging (the rule log never sees it): {found}"


def test_the_print_check_finds_a_print(tmp_path):
    f = tmp_path / "s.py"
    f.write_text("import sys\n\n\ndef main(smk):\n    x = 1\n    print(x, file=sys.stderr)\n")
    assert print_calls(f) == [6]


class FakeJob:
    """The two attributes of the ``snakemake`` object that :func:`run` reads."""

    def __init__(self, log_path: Path, rule: str = "demo_rule"):
        self.log = [str(log_path)]
        self.rule = rule


@pytest.fixture
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for h in list(root.handlers):
        root.removeHandler(h)
        if h not in handlers:
            h.close()
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)


def test_run_writes_logged_tables_to_the_rule_log(tmp_path, restore_root_logger):
    table = pd.DataFrame({"term": ["exposure x dose"], "estimate": [-0.0123]})

    def main(smk):
        logging.getLogger("ailabor.scripts.test").info("result table:\n%s", table.to_string(index=False))

    log_file = tmp_path / "rule.log"
    run(main, FakeJob(log_file))
    text = log_file.read_text()
    assert "rule demo_rule: start" in text and "rule demo_rule: done" in text
    assert "result table:" in text and "exposure x dose   -0.0123" in text
    assert text.index("start") < text.index("result table") < text.index("done")


def test_run_logs_pipeline_errors_and_exits_with_status_one(tmp_path, restore_root_logger):
    def main(smk):
        raise AilaborError("bad input: column 'x' missing")

    log_file = tmp_path / "rule.log"
    with pytest.raises(SystemExit) as exc:
        run(main, FakeJob(log_file, "failing_rule"))
    assert exc.value.code == 1
    text = log_file.read_text()
    assert "ERROR" in text and "bad input: column 'x' missing" in text and "failing_rule: done" not in text


class FakeSnakemake:
    scriptdir = str(ROOT / "workflow" / "rules" / ".." / "scripts")  # as Snakemake passes it: relative to the rule file


def inserted_path(script: Path) -> str:
    """The directory a workflow script puts first on sys.path, evaluated for FakeSnakemake."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "sys.path.insert"]
    assert len(calls) == 1, f"{script.name}: expected one sys.path.insert, found {len(calls)}"
    return eval(
        compile(ast.Expression(calls[0].args[1]), str(script), "eval"),
        {"Path": Path, "str": str, "snakemake": FakeSnakemake},
    )


def test_scripts_import_the_package_of_their_own_checkout():
    """Each script puts its own checkout's src first on sys.path, so a worktree runs its own
    code and not the package the virtualenv has installed (Snakemake's scriptdir contains
    "rules/..", which pathlib keeps unless the path is resolved)."""
    scripts = sorted((ROOT / "workflow" / "scripts").glob("*.py"))
    wrong = {s.name: p for s in scripts if (p := inserted_path(s)) != str(ROOT / "src")}
    assert not wrong, wrong
    assert str(Path(FakeSnakemake.scriptdir).parents[1] / "src") != str(
        ROOT / "src"
    )  # unresolved, the path would be wrong


DISK_FULL_CHILD = """
import resource, signal, sys
from pathlib import Path
from ailabor.provenance import write_text_atomic
from ailabor.workflow import run

class Job:
    rule = "big_table"
    log = [sys.argv[1]]

out = Path(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
run(lambda smk: write_text_atomic(out, "x" * 200_000), Job())
"""


def test_run_reports_a_full_disk_naming_the_output_and_leaves_no_partial_file(tmp_path):
    """A write that runs out of room (here a real per-process file-size limit, RLIMIT_FSIZE,
    which fails the write with EFBIG as a full disk fails it with ENOSPC): status 1, one
    message naming the output, and nothing under the output's name or as a temporary."""
    import subprocess
    import sys

    log_file, out = tmp_path / "rule.log", tmp_path / "out" / "table.csv"
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", DISK_FULL_CHILD, str(log_file), str(out)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1, proc.stderr
    text = log_file.read_text()
    assert "rule big_table: [Errno 27] File too large" in text and f"while writing {out}" in text, text
    assert "free space and run again" in text and "Traceback" not in proc.stderr, proc.stderr
    assert list(out.parent.iterdir()) == []
