"""The package keeps the shape a newcomer can read (issue 22 §5).

An AST scan of scripts/vinhdanh/: no module over ~400 lines, no function over ~60, no
import circle between modules, no use of another module's `_private` names, and no new
top-level module — a new file lands in the package named for its job. Today's exceptions
are listed with their sizes: the lists may only shrink (an entry no longer needed fails too).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "vinhdanh"
MAX_LINES = 400

# Modules over MAX_LINES today, with their line counts: each may shrink, none may grow.
TOO_LONG: dict[str, int] = {}

# Functions over MAX_FUNCTION lines today (dotted name, Class.method inside), with their
# lengths (decorators not counted): each may shrink, none may grow.
MAX_FUNCTION = 60
LONG_FUNCTIONS: dict[str, int] = {}

# Import circles today (each a set of modules that import each other, directly or not).
CIRCLES: list[set[str]] = []

# Top level: the command, the pipeline and its second core, and a few commands of their own;
# everything else sits in the package named for its job.
TOP_MODULES = {"__init__", "__main__", "cli", "section", "pipeline", "forked", "scaffold", "status", "loopback_http", "records"}
PACKAGES = {"content", "derive", "pages", "render", "outputs", "photos", "site", "cache", "engine", "reports", "department", "editor", "newsroom", "deploy"}
DATA = {"templates", "assets", "fonts", "__pycache__"}


def _name_of(path: Path, package: Path) -> str:
    parts = ["vinhdanh", *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted name -> file, for every module of the package."""
    return {_name_of(p, package): p for p in sorted(package.rglob("*.py"))}


def _base(name: str, path: Path, level: int) -> list[str]:
    parts = name.split(".")
    package = parts if path.name == "__init__.py" else parts[:-1]
    return package[: len(package) - level + 1]


def imports(name: str, path: Path, known: set[str]) -> dict[str, dict[str, int]]:
    """Modules of the package this one imports, anywhere in it (top, function, TYPE_CHECKING):
    target module -> {name imported from it (or "" for the module itself): line}."""
    found: dict[str, dict[str, int]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(_base(name, path, node.level) + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "vinhdanh":
                target = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:  # `from . import x`: the module x
                    found.setdefault(sub, {})[""] = node.lineno
                else:
                    found.setdefault(target, {})[alias.name] = node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "vinhdanh":
                    found.setdefault(alias.name, {})[""] = node.lineno
    found.pop(name, None)
    return {t: v for t, v in found.items() if t in known}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(package)
    known = set(mods)
    return {name: set(imports(name, path, known)) for name, path in mods.items()}


def circles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(component)
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(package: Path = PACKAGE) -> list[str]:
    """`from x import _name` and `x._name` where x is another module of the package."""
    mods = modules(package)
    known = set(mods)
    found = []
    for name, path in mods.items():
        rel = path.relative_to(package).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, names in imports(name, path, known).items():
            found += [f"{rel}:{line}: from {target} import {n}" for n, line in names.items() if _private(n)]
        bound = _module_names(name, path, tree, known)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name) and node.value.id in bound:
                found.append(f"{rel}:{node.lineno}: {node.value.id}.{node.attr} ({bound[node.value.id]})")
    return found


def _module_names(name: str, path: Path, tree: ast.AST, known: set[str]) -> dict[str, str]:
    """Local names bound to another module of the package: `from . import x as y`, `import vinhdanh.x as y`."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "vinhdanh"):
            target = ".".join(_base(name, path, node.level) + ([node.module] if node.module else [])) if node.level else node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    bound[alias.asname or alias.name] = f"{target}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in known:
                    bound[alias.asname] = alias.name
    bound.pop(name, None)
    return {local: target for local, target in bound.items() if target != name}


def test_no_module_is_over_400_lines_but_the_listed_ones_which_only_shrink():
    sizes = {name: path.read_text(encoding="utf-8").count("\n") for name, path in modules().items()}
    over = {name: n for name, n in sizes.items() if n > MAX_LINES and name not in TOO_LONG}
    grown = {name: (sizes.get(name), limit) for name, limit in TOO_LONG.items() if sizes.get(name, 0) > limit}
    stale = sorted(name for name in TOO_LONG if sizes.get(name, 0) <= MAX_LINES)
    assert over == {}, f"split these by job (at most {MAX_LINES} lines): {over}"
    assert grown == {}, f"a listed module grew (now, limit): {grown}"
    assert stale == [], f"no longer over {MAX_LINES} lines: remove from TOO_LONG: {stale}"


def function_lengths(package: Path = PACKAGE) -> dict[str, int]:
    """`vinhdanh.module.Class.method` -> its lines (`def` to its last line), nested ones too."""
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert child.end_lineno is not None
                lengths[prefix + child.name] = child.end_lineno - child.lineno + 1
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    for name, path in modules(package).items():
        if "templates" not in path.relative_to(package).parts:
            visit(ast.parse(path.read_text(encoding="utf-8")), f"{name}.")
    return lengths


def test_no_function_is_over_60_lines_but_the_listed_ones_which_only_shrink():
    lengths = function_lengths()
    over = {name: n for name, n in lengths.items() if n > MAX_FUNCTION and name not in LONG_FUNCTIONS}
    grown = {name: (lengths.get(name), limit) for name, limit in LONG_FUNCTIONS.items() if lengths.get(name, 0) > limit}
    stale = sorted(name for name in LONG_FUNCTIONS if lengths.get(name, 0) <= MAX_FUNCTION)
    assert over == {}, f"split these into steps of at most {MAX_FUNCTION} lines: {over}"
    assert grown == {}, f"a listed function grew (now, limit): {grown}"
    assert stale == [], f"no longer over {MAX_FUNCTION} lines: remove from LONG_FUNCTIONS: {stale}"


def test_no_import_circle_between_modules():
    found = circles(graph())
    assert [c for c in found if c not in CIRCLES] == [], "modules that import each other (move the shared part into a third module)"
    assert [c for c in CIRCLES if c not in found] == [], "a listed circle is gone: remove it from CIRCLES"


def test_no_module_uses_another_modules_private_names():
    assert private_uses() == [], "make the name public (no underscore) where it is shared, or move the caller"


def test_a_new_module_lands_in_a_package_named_for_its_job():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    # a folder left holding only __pycache__ (a module moved away) is not a package
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and any(c.name != "__pycache__" for c in p.iterdir())}
    assert sorted(top - TOP_MODULES) == [], f"top-level modules beyond {sorted(TOP_MODULES)}: put each in the package for its job"
    assert sorted(folders - PACKAGES - DATA) == [], f"a new top-level package: one of {sorted(PACKAGES)}, or add it to PACKAGES with its job in README's Layout"


def test_the_scans_find_what_they_look_for(tmp_path):
    """The checks themselves, on a made-up package: a circle, a private import, a private attribute."""
    pkg = tmp_path / "vinhdanh"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from .sub import b\n\ndef _hidden():\n    pass\n", encoding="utf-8")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import _hidden\n    from .. import a as alias\n    return alias._hidden\n", encoding="utf-8")
    (pkg / "c.py").write_text("import vinhdanh.a as x\n", encoding="utf-8")
    edges = graph(pkg)
    assert edges["vinhdanh.a"] == {"vinhdanh.sub.b"} and edges["vinhdanh.sub.b"] == {"vinhdanh.a"}
    assert circles(edges) == [{"vinhdanh.a", "vinhdanh.sub.b"}]
    assert [p.split(": ", 1)[1] for p in private_uses(pkg)] == ["from vinhdanh.a import _hidden", "alias._hidden (vinhdanh.a)"]
