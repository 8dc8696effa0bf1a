"""`commands --json` and `run` without a token."""

import json
import os
import subprocess
import sys
from pathlib import Path


def run(tmp_path: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DISCORD_TOKEN"}}
    env |= {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}", **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_commands_json_lists_the_tree_with_chinese_localisations(tmp_path: Path) -> None:
    done = run(tmp_path, "commands", "--json")
    assert done.returncode == 0, done.stderr
    tree = {c["name"]: c for c in json.loads(done.stdout)}
    assert set(tree) >= {"ask", "case", "compare", "cases", "cite", "about", "settings"}
    for command in tree.values():
        assert command["description_localizations"].get("zh-CN"), command["name"]
    assert [o["name"] for o in tree["ask"]["options"]] == ["question"]
    assert tree["case"]["options"][0]["autocomplete"] is True
    assert {o["name"] for o in tree["cases"]["options"]} == {"jurisdiction", "kind"}
    assert {o["name"] for o in tree["cite"]["options"]} == {"name", "style"}
    assert int(tree["settings"]["default_member_permissions"]) & (1 << 5)  # Manage Server
    group = tree["settings"]["options"][0]
    assert group["name"] == "answer-channel" and {o["name"] for o in group["options"]} == {"add", "remove"}


def test_run_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    done = run(tmp_path, "run", DISCORD_TOKEN="")
    assert done.returncode == 1
    assert "DISCORD_TOKEN" in done.stderr and "developers" in done.stderr and "Traceback" not in done.stderr
