"""The shape of the code, read from its import statements (every one, inside functions too):

- no import cycles between the project's modules;
- the core (fuzhou_lle) imports no app, and no app imports another: they meet only through the core's hooks
  (fuzhou_lle.apps.app_modules) and the composition layer (fuzhou_lle/urls.py);
- the core's top level holds only the project's own files; everything else lives in a room (a package).
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CORE = "fuzhou_lle"
APPS = set(settings.PORTAL_APPS)
PROJECT_FILES = {"__init__", "settings", "urls", "wsgi", "asgi", "celery", "apps", "models", "admin"}
# The composition layer may reach every app (DESIGN.md: "Which way imports go").
COMPOSITION = {"fuzhou_lle.urls"}


def _modules() -> dict[str, Path]:
    found = {}
    for top in (CORE, *APPS):
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports (a `from package import module` counts as the module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
                break
    return targets


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def _top(name: str) -> str:
    return name.partition(".")[0]


def test_no_module_imports_itself_round_about():
    assert _cycles(_graph()) == []


def test_the_core_imports_no_app_and_apps_import_no_other_app():
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in _graph().items()
        if name not in COMPOSITION
        for target in targets
        if _top(target) in APPS and _top(target) != _top(name)
    )
    assert wrong == []


def test_the_core_keeps_only_project_files_at_its_top():
    loose = sorted(path.name for path in (ROOT / CORE).glob("*.py") if path.stem not in PROJECT_FILES)
    assert loose == []
