"""The code's plan: each layer imports only the layers below it, and nothing imports in a loop.

    search.web     -> search.service, search.text, search.types, archive.models: HTTP only
    search.service -> search.index (the local backend), search.text, search.types,
                      archive.models
    search.index   -> search.engine and search.text (it is the local backend built on the
                      engine), search.types, archive.models
    search.engine  -> search.text and search.types only: no Whoosh, no Django, no ORM, no
                      settings; it reads an index through its port (search/engine/port.py)
    search.text    -> nothing of the project, no Django, no Whoosh
    archive        -> the search package's public door (search/__init__.py, which hands on
                      the service), search.types and search.text
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "search")


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path, top_level_only=False):
    """The absolute names of the modules `path` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text())
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield module_name(path), path


def project_imports(name, path, top_level_only=False):
    known = {n for n, _ in modules()}
    return {i for i in imports_of(path, top_level_only) if i in known and i != name}


ABOVE_THE_ENGINE = ("search.index", "search.web", "search.service", "search.tools",
                    "search.models", "search.management", "search.admin", "search.apps")


def test_text_analysis_imports_nothing_of_the_project_nor_django_nor_whoosh():
    for name, path in modules():
        if name.startswith("search.text"):
            bad = {i for i in imports_of(path)
                   if i.split(".")[0] in ("django", "whoosh", "archive")
                   or (i.split(".")[0] == "search" and not i.startswith("search.text"))}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_the_engine_imports_neither_whoosh_nor_django_nor_the_layers_above():
    for name, path in modules():
        if name.startswith("search.engine"):
            bad = {i for i in imports_of(path)
                   if i.split(".")[0] in ("django", "whoosh", "archive")
                   or i.startswith(ABOVE_THE_ENGINE)}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_the_index_never_imports_the_web_layer_the_service_or_the_tools():
    for name, path in modules():
        if name.startswith("search.index"):
            bad = {i for i in imports_of(path)
                   if i.startswith(("search.web", "search.service", "search.tools"))}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_the_pages_reach_search_only_through_the_service():
    for name, path in modules():
        if name.startswith("search.web"):
            bad = {i for i in imports_of(path) if i.startswith(("search.engine", "search.index"))}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_the_service_never_imports_the_pages():
    for name, path in modules():
        if name.startswith("search.service"):
            bad = {i for i in imports_of(path) if i.startswith(("search.web", "search.tools"))}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_the_public_door_hands_on_the_service_not_the_pages():
    door = ROOT / "search" / "__init__.py"
    assert not {i for i in imports_of(door) if i.startswith("search.web")}
    assert {i for i in imports_of(door) if i.startswith("search.service")}


def test_the_archive_app_uses_only_the_public_door_of_search_and_its_text_analysis():
    for name, path in modules():
        if name.startswith("archive"):
            used = {i for i in imports_of(path) if i.split(".")[0] == "search"
                    and not i.startswith("search.text")}
            assert not {i for i in used if i.startswith(("search.engine", "search.index",
                                                         "search.web"))}, name
            allowed = {"search", "search.types"} | {f"search.{n}" for n in dir(__import__("search"))}
            assert used <= allowed, f"{name} imports {sorted(used - allowed)}"


def test_no_module_imports_itself_through_a_loop():
    graph = {name: project_imports(name, path, top_level_only=True) for name, path in modules()}
    graph = {name: {i for i in targets if i in graph} for name, targets in graph.items()}
    state = {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        assert state.get(name) != "open", "import loop: " + " -> ".join(trail + [name])
        state[name] = "open"
        for target in sorted(graph[name]):
            visit(target, trail + [name])
        state[name] = "done"

    for name in graph:
        visit(name, [])
