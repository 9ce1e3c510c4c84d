"""The engine stays behind one small adapter that uses its public interface only.

MkDocs 1.x is unmaintained and Material is in maintenance mode: code that reaches
into their private names (or watchdog's) breaks silently with any release, and
ties us to their build loop. An AST scan of the package: one module imports
`mkdocs`/`material`, it stays small, and no module touches an underscore-prefixed
name of those packages — not by import, not as an attribute of anything but
our own `self`, not through getattr/setattr.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "vinhdanh"
ENGINES = ("mkdocs", "material", "watchdog")
ADAPTER = "engine/mkdocs_plugin.py"
ADAPTER_LINES = 250


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _engine_module(name: str | None) -> bool:
    return bool(name) and name.split(".")[0] in ENGINES  # type: ignore[union-attr]


def engine_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _engine_module(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _engine_module(node.module):
            found.append(node.module or "")
    return found


def _engine_bases(tree: ast.AST) -> dict[str, str]:
    """Names bound by `from <engine module> import Name`: name -> module."""
    return {a.asname or a.name: node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0 and _engine_module(node.module) for a in node.names}


def _inherited_privates(tree: ast.AST) -> list[str]:
    """`self._name` in a subclass of an engine class, where `_name` is the engine's own
    (it occurs in the source of the engine class or one of its engine ancestors)."""
    imported, found = _engine_bases(tree), []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        bases = [getattr(importlib.import_module(imported[b.id]), b.id) for b in cls.bases if isinstance(b, ast.Name) and b.id in imported]
        source = "".join(inspect.getsource(k) for base in bases for k in base.__mro__ if _engine_module(k.__module__))
        mine = {n.attr: n.lineno for n in ast.walk(cls) if isinstance(n, ast.Attribute) and _private(n.attr) and isinstance(n.value, ast.Name) and n.value.id == "self"}
        found += [f"{line}: self.{name} (of {cls.name}'s engine base)" for name, line in mine.items() if re.search(rf"\b{name}\b", source)]
    return found


def private_uses(tree: ast.AST) -> list[str]:
    """Underscore names of the engines a module imports, reads, writes or looks up by string."""
    found = _inherited_privates(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"{line}: import {a.name}" for a in node.names if _engine_module(a.name) and any(map(_private, a.name.split(".")))]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _engine_module(node.module):
            parts = (node.module or "").split(".") + [a.name for a in node.names]
            found += [f"{line}: from {node.module} import …" for _ in [0] if any(map(_private, parts))]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{line}: .{node.attr}")
        elif isinstance(node, ast.Call) and (name := _looked_up(node)):
            found.append(f"{line}: {name}")
    return found


def _looked_up(call: ast.Call) -> str | None:
    """getattr(x, "_name") and its kin."""
    if not (isinstance(call.func, ast.Name) and call.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(call.args) > 1):
        return None
    name = call.args[1]
    if isinstance(name, ast.Constant) and isinstance(name.value, str) and _private(name.value):
        return f"{call.func.id}(…, {name.value!r})"
    return None


def violations(package: Path) -> dict[str, list[str]]:
    """Per module: engine imports outside the adapter, and private uses in any module
    that imports an engine (elsewhere an underscore attribute is our own object's)."""
    problems: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        imports = engine_imports(tree)
        found = []
        if imports and rel != ADAPTER and not all(name.split(".")[0] == "watchdog" for name in imports):
            found.append(f"imports {sorted(set(imports))}: only {ADAPTER} may")
        if imports:
            found += private_uses(tree)
        if found:
            problems[rel] = found
    return problems


def test_no_module_touches_a_private_name_of_the_engine():
    assert violations(PACKAGE) == {}


def test_the_adapter_is_small():
    lines = (PACKAGE / ADAPTER).read_text(encoding="utf-8").count("\n")
    assert lines <= ADAPTER_LINES, f"{ADAPTER} has {lines} lines"


def test_the_scan_finds_what_the_old_adapter_did(tmp_path):
    """The kinds of reach-ins the adapter once had (mkdocs_speedups.py) are each found."""
    (tmp_path / ADAPTER).parent.mkdir(parents=True, exist_ok=True)  # the adapter may sit in a package
    (tmp_path / ADAPTER).write_text(
        "from mkdocs.commands import build as mkdocs_build\n"
        "from mkdocs.structure.pages import Page\n"
        "class ListedPage(Page):\n"
        "    def __init__(self):\n"
        "        self._title_from_render = self._mine = None\n"
        "original = mkdocs_build._build_theme_template\n"
        "def f(server, page, old, watch):\n"
        "    page._title_from_render = None\n"
        "    refs = server._watch_refs\n"
        "    return getattr(old, '_handlers')[watch]\n",
        encoding="utf-8",
    )
    (tmp_path / "speedups.py").write_text("from mkdocs.utils import _removesuffix\n", encoding="utf-8")
    found = violations(tmp_path)
    assert [p.split(": ", 1)[1] for p in found[ADAPTER]] == [
        "self._title_from_render (of ListedPage's engine base)",
        "._build_theme_template",
        "._title_from_render",
        "._watch_refs",
        "getattr(…, '_handlers')",
    ]
    assert len(found["speedups.py"]) == 2  # an engine import outside the adapter, of a private name
