"""The package's layout: stages in subpackages, no import cycles, no imports hidden in functions.

The import graph is read from the source (AST) of every module under src/ailabor, not from a
running interpreter, so that an import inside a function counts as much as one at the top. An
edge ``a -> b`` means that importing ``a`` runs ``b``: ``import x.y.z`` and
``from x.y import z`` reach ``x.y.z`` and its parent packages ``x.y`` and ``x`` (their
``__init__``); ``from . import name`` of a name defined in the package's ``__init__`` reaches the
``__init__`` itself. A module's own parent packages, reached only implicitly, are not edges:
they are already being imported when the module runs.
"""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "ailabor"
SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    target: str  # an ailabor module (or package) it reaches
    in_function: bool


@cache
def modules(src: Path = SRC) -> dict[str, tuple[Path, bool]]:
    """Every module of the package under ``src``: name -> (file, is a package)."""
    out = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def _in_functions(tree: ast.AST) -> set[int]:
    """ids of the import statements inside a function or method body."""
    return {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for sub in ast.walk(node)
        if isinstance(sub, (ast.Import, ast.ImportFrom))
    }


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, mods: dict) -> list[str]:
    """The ailabor modules an import statement names (before adding parent packages)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            parts = (module if is_package else module.rpartition(".")[0]).split(".")
            base = ".".join(parts[: len(parts) - (node.level - 1)])
            base = f"{base}.{node.module}" if node.module else base
        else:
            base = node.module or ""
        # ``from base import name``: the submodule base.name if there is one, else base itself
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in mods else base for alias in node.names]
    out = []
    for name in names:
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            continue
        while name not in mods:  # ``import ailabor.x.attr`` style: the longest module prefix
            name = name.rpartition(".")[0]
        out.append(name)
    return sorted(set(out))


@cache
def imports(src: Path = SRC) -> tuple[Import, ...]:
    """Every import of an ailabor module in the package under ``src``, wherever it stands."""
    mods = modules(src)
    out = []
    for module, (path, is_package) in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        inside = _in_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                out.extend(
                    Import(module, node.lineno, t, id(node) in inside) for t in _targets(node, module, is_package, mods)
                )
    return tuple(out)


@cache
def graph(src: Path = SRC) -> dict[str, frozenset[str]]:
    """module -> the modules that importing it runs (see the module docstring)."""
    edges: dict[str, set[str]] = {m: set() for m in modules(src)}
    for imp in imports(src):
        own_parents = {".".join(imp.module.split(".")[:i]) for i in range(1, imp.module.count(".") + 1)}
        parts = imp.target.split(".")
        reached = ({".".join(parts[:i]) for i in range(1, len(parts))} - own_parents) | {imp.target}
        edges[imp.module] |= reached - {imp.module}
    return {m: frozenset(e) for m, e in edges.items()}


def import_groups(edges: dict[str, frozenset[str]]) -> list[set[str]]:
    """The groups of modules that import each other (strongly connected, Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def strongconnect(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1 or v in edges[v]:
                groups.append(group)

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)
    return groups


def cycles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """One cycle (first = last) through each group of mutually importing modules."""
    out = []
    for group in import_groups(edges):  # a shortest cycle through the group's first module, by breadth-first search
        start = min(group)
        prev = {start: None}
        queue = [start]
        while queue:
            v = queue.pop(0)
            nxt = sorted(w for w in edges[v] if w in group)
            if start in nxt:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                out.append(path[::-1] + [start])
                break
            for w in nxt:
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
    return sorted(out)


def test_the_graph_reading_rules(tmp_path):
    pkg = tmp_path / PACKAGE
    files = {
        "__init__.py": "",
        "errors.py": "",
        "a/__init__.py": "from .b import B\nclass AError(Exception): ...\n",
        "a/b.py": "from . import AError\nfrom .c import f\nB = 1\n",  # cycle through a/__init__
        "a/c.py": "from ..errors import *\ndef f():\n    from ailabor.d import e\n",
        "d/__init__.py": "",
        "d/e.py": "import ailabor.errors\nimport numpy\n",
    }
    for name, text in files.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    edges = graph(tmp_path)
    assert edges[f"{PACKAGE}.a.b"] == {f"{PACKAGE}.a", f"{PACKAGE}.a.c"}  # own __init__ by name, sibling without it
    assert edges[f"{PACKAGE}.a.c"] == {
        f"{PACKAGE}.errors",
        f"{PACKAGE}.d",
        f"{PACKAGE}.d.e",
    }  # parent package of a target
    assert edges[f"{PACKAGE}.d.e"] == {f"{PACKAGE}.errors"}  # third-party imports are not edges
    assert [(i.module, i.line) for i in imports(tmp_path) if i.in_function] == [(f"{PACKAGE}.a.c", 3)]
    assert cycles(edges) == [[f"{PACKAGE}.a", f"{PACKAGE}.a.b", f"{PACKAGE}.a"]]
    two = {"x": frozenset({"y"}), "y": frozenset({"x", "p"}), "p": frozenset({"q"}), "q": frozenset({"p"})}
    assert cycles(two) == [["p", "q", "p"], ["x", "y", "x"]]
    assert cycles({"x": frozenset({"y"}), "y": frozenset()}) == []


def test_the_graph_covers_the_package():
    mods = modules()
    assert len(mods) > 50 and f"{PACKAGE}.ge.ar.params" in mods and len(imports()) > 200


def test_no_import_cycles():
    edges = graph()
    found = [
        f"{' -> '.join(c)}   (modules importing each other: {', '.join(sorted(g))})"
        for c, g in zip(cycles(edges), sorted(import_groups(edges), key=min))
    ]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_no_package_imports_inside_functions():
    hidden = sorted({f"{imp.module} line {imp.line}: {imp.target}" for imp in imports() if imp.in_function})
    assert not hidden, "ailabor imports inside a function (move them to the top of the module):\n" + "\n".join(hidden)


def test_old_module_paths_are_gone():
    pkg = SRC / PACKAGE
    gone = [
        pkg / "io",
        pkg / "soc.py",
        pkg / "acquire.py",
        pkg / "sources.py",
        pkg / "staging.py",
        pkg / "oews_panels.py",
        pkg / "textnorm.py",
        pkg / "panel" / "io.py",
        pkg / "ge" / "bbz" / "io.py",
    ]
    assert [str(p.relative_to(SRC)) for p in gone if p.exists()] == []
    for name in ("io", "acquire", "sources", "staging", "oews_panels", "textnorm"):
        assert importlib.util.find_spec(f"{PACKAGE}.{name}") is None, name
    # ailabor.soc is a package now, no longer the module soc.py
    spec = importlib.util.find_spec(f"{PACKAGE}.soc")
    assert spec is not None and spec.submodule_search_locations is not None


def test_stages_live_in_subpackages():
    mods = modules()
    for name in (
        "intake.sources",
        "intake.acquire",
        "intake.staging",
        "intake.readers.schema",
        "soc.codes",
        "soc.crosswalk",
    ):
        assert f"{PACKAGE}.{name}" in mods, name
    assert sorted(p.name for p in (SRC / PACKAGE / "intake" / "readers" / "schemas").glob("*.yaml"))


def test_soc_logic_comes_from_the_soc_subpackage():
    """The crosswalk and exposure stages take SOC logic from ailabor.soc, not from the panel stage."""
    wrong = sorted(
        {
            f"{imp.module} line {imp.line}: {imp.target}"
            for imp in imports()
            if imp.module.startswith((f"{PACKAGE}.crosswalk.", f"{PACKAGE}.exposure."))
            and imp.target.startswith(f"{PACKAGE}.panel")
        }
    )
    assert not wrong, "\n".join(wrong)
