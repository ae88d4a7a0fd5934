"""The `code` param of every rule: a hash of its script and the package modules it imports.

Reference: a hand-built package whose import graph is known (which files a script reaches is
worked out by hand below), plus the real workflow's rule files."""

import re
from pathlib import Path

import pytest

from ailabor.workflow import ast_imported_names, code_files, code_hash, imported_names
from tests.conftest import ROOT


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def toy(tmp_path):
    src = tmp_path / "src"
    pkg = src / "ailabor"
    write(pkg / "__init__.py", '"""toy"""\n')
    write(pkg / "a.py", "from .b import f\n")
    write(pkg / "b.py", "def f():\n    return 1\n")
    write(pkg / "c.py", "import numpy\n")  # nobody imports c
    write(pkg / "sub" / "__init__.py", "from . import k\n")  # relative import of a sibling module
    write(pkg / "sub" / "k.py", "K = 1\n")
    write(pkg / "sub" / "schemas" / "table.yaml", "columns: [a]\n")  # package data, read at run time
    write(pkg / "m" / "__init__.py", "")
    write(pkg / "m" / "n.py", "N = 1\n")
    write(pkg / "other" / "__init__.py", "")
    write(pkg / "other" / "data.yaml", "x: 1\n")  # data of a package nobody imports
    write(
        pkg / "sub" / "d.py",
        "from ..a import f\nimport os\n\n\ndef g():\n"
        "    from ailabor import e  # inside a function: still an import\n    return e\n",
    )
    write(pkg / "e.py", "X = 1\n")
    script = write(
        tmp_path / "workflow" / "scripts" / "s.py", "import sys\nimport ailabor.m.n\nfrom ailabor.sub import d\n"
    )
    return src, script


def test_code_files_follow_the_import_graph(tmp_path):
    src, script = toy(tmp_path)
    got = {str(p.relative_to(tmp_path)) for p in code_files(script, src)}
    # by hand: s -> ailabor (package), ailabor.m (package) -> ailabor.m.n, ailabor.sub (package) ->
    # ailabor.sub.k and the data of ailabor.sub, ailabor.sub.d -> ailabor.a -> ailabor.b; d's
    # function imports ailabor.e; c and ailabor.other are never imported
    assert got == {
        "workflow/scripts/s.py",
        "src/ailabor/__init__.py",
        "src/ailabor/m/__init__.py",
        "src/ailabor/m/n.py",
        "src/ailabor/sub/__init__.py",
        "src/ailabor/sub/k.py",
        "src/ailabor/sub/schemas/table.yaml",
        "src/ailabor/sub/d.py",
        "src/ailabor/a.py",
        "src/ailabor/b.py",
        "src/ailabor/e.py",
    }


def test_hash_changes_exactly_with_imported_code(tmp_path):
    src, script = toy(tmp_path)
    h0 = code_hash(script, src)
    (src / "ailabor" / "c.py").write_text("import numpy  # edited, not imported by the script\n")
    assert code_hash(script, src) == h0
    b = src / "ailabor" / "b.py"
    b.write_text(b.read_text() + "# edited\n")
    h1 = code_hash(script, src)
    assert h1 != h0
    (src / "ailabor" / "other" / "data.yaml").write_text("x: 2\n")
    assert code_hash(script, src) == h1
    (src / "ailabor" / "sub" / "schemas" / "table.yaml").write_text("columns: [a, b]\n")
    h2 = code_hash(script, src)
    assert h2 not in (h0, h1)
    script.write_text(script.read_text() + "# edited script\n")
    assert code_hash(script, src) not in (h0, h1, h2)


RULE = re.compile(r"^ *rule (\w+):\n(.*?)(?=^ *rule \w+:|\Z)", re.M | re.S)


def test_every_scripted_rule_hashes_its_own_script():
    files = [ROOT / "Snakefile", *sorted((ROOT / "workflow" / "rules").glob("*.smk"))]
    seen = 0
    for f in files:
        for name, body in RULE.findall(f.read_text()):
            script = re.search(r'run:\s*\n\s*script_job\("(\w+\.py)", locals\(\)\)', body)
            if script is None:
                assert name == "all", f"{f.name}: rule {name} has no script"
                continue
            seen += 1
            assert f'code=code("{script.group(1)}")' in body, (
                f"{f.name}: rule {name} lacks code=code({script.group(1)!r})"
            )
    assert seen >= 40, seen


def test_real_scripts_depend_on_their_own_stage_only():
    src, scripts = ROOT / "src", ROOT / "workflow" / "scripts"
    rel = lambda s: {p.relative_to(ROOT).as_posix() for p in code_files(scripts / s, src)}  # noqa: E731
    bbz = rel("bbz_run.py")
    assert "src/ailabor/ge/bbz/ces.py" in bbz
    assert not any("/econometrics/" in p or "/calibration/" in p for p in bbz), sorted(bbz)
    for s in ("estimation_corrected.py", "stage.py", "panel_harmonise.py", "calibration_corrected.py"):
        assert not any("/ge/bbz/" in p for p in rel(s)), (s, sorted(rel(s)))


TRICKY = """\
import os, ailabor.a as a1, ailabor.b
from ailabor.c import (
    d,  # a comment, with a comma
    e as f,
)
from ailabor.g import h, \\
    i
from . import j
from ..k import l
x = 1; import ailabor.m; from ailabor.n import o
if TYPE_CHECKING: import ailabor.p
try: from ailabor.q import r
except ImportError: pass
from ailabor.s import *


def late():
    from ailabor.t import u  # a lazy import inside a function
    return u
"""


def test_import_scanner_finds_what_the_ast_finds_in_tricky_forms():
    # reference: Python's own parser (ast), on every import form the workflow's modules use
    want = set(ast_imported_names(TRICKY, "ailabor.sub"))
    got = set(imported_names(TRICKY, "ailabor.sub"))
    assert want - got == set()
    assert {"ailabor.c.d", "ailabor.c.e", "ailabor.g.i", "ailabor.sub.j", "ailabor.k.l", "ailabor.p"} <= got
    assert {"ailabor.m", "ailabor.n.o", "ailabor.q.r", "ailabor.t.u", "ailabor.s"} <= got
    assert "ailabor.sub.j" not in imported_names(TRICKY, None)  # relative imports outside a package are skipped


@pytest.mark.parametrize("where", ["src", "workflow/scripts", "tests", "tools", "bench"])
def test_import_scanner_finds_every_import_of_the_repository(where):
    # reference: the AST, on every Python file; the scanner may only add names (imports it
    # reads in strings), never miss one
    src = (ROOT / "src").resolve()
    files = sorted((ROOT / where).rglob("*.py"))
    assert files
    for f in files:
        f = f.resolve()
        package = None
        if f.is_relative_to(src):
            name = ".".join(f.relative_to(src).with_suffix("").parts)
            package = name.removesuffix(".__init__") if f.name == "__init__.py" else name.rpartition(".")[0]
        text = f.read_text(encoding="utf-8")
        missed = set(ast_imported_names(text, package)) - set(imported_names(text, package))
        assert not missed, (f, missed)
        if where in ("src", "workflow/scripts"):  # no import-like text in strings there
            extra = {n for n in set(imported_names(text, package)) - set(ast_imported_names(text, package))}
            assert not {n for n in extra if n.startswith("ailabor")}, (f, extra)


UNUSUAL = {
    "comment with a parenthesis in a list": (
        "from ailabor.econometrics import (\n    specs,  # the grid (one job per measure)\n    corrected,\n)\n"
    ),
    "unbalanced parenthesis in a docstring": '"""\nfrom ailabor import (\n"""\nimport ailabor.a.b\n',
    "after def": "def f(): import ailabor.a\n",
    "after class": "class C: import ailabor.a\n",
    "after async with": "async def g():\n    async with x: import ailabor.a\n",
    "after async for": "async def g():\n    async for y in z: from ailabor import a\n",
    "after case": "match v:\n    case 1: import ailabor.a\n",
    "after a two-line condition": "if (a and\n    b): import ailabor.a\n",
    "continued name list": "import ailabor.x, \\\n    ailabor.a\n",
    "continued after import": "import \\\n    ailabor.a\n",
    "continued before import": "from ailabor.a \\\n    import b\n",
    "continued after from": "from \\\n    ailabor.a import b\n",
    "no space after from": "from.a import b\n",
    "no space before import": "from .import b\n",
    "no space after import": "from ailabor.a import(b, c)\n",
    "spaces around dots": "import ailabor . a\nfrom ailabor . b import c\nfrom . d import e\n",
    "form feed": "\fimport ailabor.a\n",
    "CRLF line ends": "import ailabor.a\r\nfrom ailabor.b import (\r\n  c,\r\n)\r\n",
}


@pytest.mark.parametrize("case", sorted(UNUSUAL))
def test_import_scanner_never_misses_an_unusual_form(case):
    # reference: the AST; a form the regular expressions do not read sends the file to the AST
    text = UNUSUAL[case]
    want = set(ast_imported_names(text, "ailabor.sub"))
    assert want and want <= set(imported_names(text, "ailabor.sub"))


def test_cached_hashes_equal_fresh_ones_and_follow_every_edit(tmp_path):
    """CodeHashes (kept in .snakemake/ailabor/) returns code_hash's value; any edit, addition or
    removal of a file under src/ or the scripts directory makes it recompute."""
    import os

    from ailabor.workflow import CodeHashes

    def age(*roots):  # files older than the 2 s within which a tree is not recorded
        for root in roots:
            for p in root.rglob("*"):
                if p.is_file():
                    os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))

    src, script = toy(tmp_path)
    scripts, cache = script.parent, tmp_path / "cache"
    age(src, scripts)
    fresh = CodeHashes(scripts, src, cache)
    (src / "ailabor" / "c.py").write_text("X = 3\n")  # just edited: this tree is not recorded
    racy = CodeHashes(scripts, src, cache)
    racy("s.py")
    racy.save()
    assert not (cache / "code-hashes.json").exists() and fresh.fingerprint != racy.fingerprint
    age(src, scripts)
    first = CodeHashes(scripts, src, cache)
    assert first("s.py") == code_hash(script, src)
    first.save()
    reused = CodeHashes(scripts, src, cache)
    assert reused.hashes == {"s.py": code_hash(script, src)}  # read back, not recomputed
    b = src / "ailabor" / "b.py"
    b.write_text(b.read_text() + "# edited\n")
    age(src, scripts)
    edited = CodeHashes(scripts, src, cache)
    assert edited.hashes == {} and edited("s.py") == code_hash(script, src) != first("s.py")
    edited.save()
    (src / "ailabor" / "dangling.py").symlink_to(tmp_path / "missing.py")  # e.g. an editor's lock
    assert CodeHashes(scripts, src, cache).hashes == {}
    (src / "ailabor" / "dangling.py").unlink()
    (src / "ailabor" / "new.py").write_text("X = 2\n")
    assert CodeHashes(scripts, src, cache).hashes == {}
    (src / "ailabor" / "new.py").unlink()
    # back to the edited tree, whose hashes were saved
    assert CodeHashes(scripts, src, cache).hashes == {"s.py": code_hash(script, src)}
    (scripts / "t.py").write_text("import ailabor.e\n")
    assert CodeHashes(scripts, src, cache).hashes == {}
