"""The shape of the code, checked: imports in bot/ run one way (no cycle, not even through an import inside
a function), only the run command imports the Discord client, and the Discord layer is handed its services
rather than reaching storage or the bot object for them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
# What the Discord layer may use from storage: its errors, which are part of the services' contract.
STORAGE_ALLOWED = {"bot.core.storage.errors"}
SERVICES = {"service", "core", "community", "editor", "settings", "knowledge", "services", "repo"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in BOT.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every bot module this file imports, wherever the import statement stands."""
    found: set[str] = set()
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != own:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_bot() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def _edges(source: str, target: tuple[str, ...], allowed: set[str] = frozenset()) -> set[tuple[str, str]]:
    """Imports from modules under `source` of modules under any of `target`, except those `allowed`."""
    return {
        (module, imported)
        for module, imports in _graph().items()
        if module.startswith(source)
        for imported in imports
        if imported.startswith(target) and imported not in allowed
    }


def test_the_core_never_imports_the_discord_layer_or_the_cli() -> None:
    assert _edges("bot.core", ("bot.discord_bot", "bot.cli")) == set()


def test_only_the_run_command_imports_the_client() -> None:
    importers = {module for module, targets in _graph().items() if "bot.discord_bot.client" in targets}
    assert importers == {"bot.cli.run"}


def test_the_discord_layer_does_not_reach_storage() -> None:
    assert _edges("bot.discord_bot", ("bot.core.storage",), STORAGE_ALLOWED) == set()


def _reaches_for_services(tree: ast.AST) -> list[str]:
    """`interaction.client.X` for anything, and `self.bot.X` / `bot.X` for a service."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        inner = ast.unparse(node.value)
        through_client = inner == "interaction.client" and node.attr != "user"
        through_bot = inner in ("self.bot", "bot") and node.attr in SERVICES
        if through_client or through_bot:
            found.append(f"{ast.unparse(node)} (line {node.lineno})")
    return found


def test_no_cog_view_or_form_reaches_the_bot_object_for_services() -> None:
    layer = BOT / "discord_bot"
    wrong = {
        str(path.relative_to(ROOT)): found
        for path in layer.rglob("*.py")
        if path.name != "client.py"
        for found in [_reaches_for_services(ast.parse(path.read_text(encoding="utf-8")))]
        if found
    }
    assert wrong == {}
