"""Curating from the terminal: validate in context, check-facts, sync --take, and which knowledge folder is used."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.paths import shipped_dir
from tests.cli.conftest import Cli
from tests.conftest import FACT_SHEET, FACT_SHEET_SKIP

KNOWLEDGE = shipped_dir("knowledge")
REPO = Path(__file__).resolve().parents[2]


def _copy_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def test_validate_one_file_among_its_neighbours(cli: Cli) -> None:
    status, out, err = cli("kb", "validate", str(KNOWLEDGE / "cn-li-v-liu.md"))
    assert (status, out) == (0, "ok: 1 file(s) valid\n"), out + err


def test_validate_a_draft_outside_against_knowledge_dir(cli: Cli, tmp_path: Path) -> None:
    """A draft elsewhere is judged against KNOWLEDGE_DIR: its links resolve, its borrowed alias does not."""
    draft = tmp_path / "drafts" / "cn-li-v-liu.md"
    draft.parent.mkdir()
    text = (KNOWLEDGE / "cn-li-v-liu.md").read_text(encoding="utf-8")
    draft.write_text(text.replace("  - Li v Liu\n", "  - Li v Liu\n  - Thaler v Perlmutter\n"), encoding="utf-8")
    status, out, _ = cli("kb", "validate", str(draft), KNOWLEDGE_DIR=str(KNOWLEDGE))
    assert status == 1
    lines = text.splitlines()
    at = lines.index("  - Li v Liu")
    position = at - lines.index("aliases:")  # the added alias's index in the list (0-based)
    assert out.splitlines() == [
        f"{draft}:{at + 2}: aliases.{position}: alias 'Thaler v Perlmutter' is already used by us-thaler-v-perlmutter"
    ]


def test_validate_blames_the_missing_path_not_knowledge_dir(cli: Cli, tmp_path: Path) -> None:
    status, _, err = cli("kb", "validate", str(tmp_path / "nonexistent"))
    assert status == 2 and "KNOWLEDGE_DIR" not in err and "nonexistent does not exist" in err
    status, _, err = cli("kb", "validate", KNOWLEDGE_DIR=str(tmp_path / "nowhere"))
    assert status == 1 and "KNOWLEDGE_DIR" in err


def _sheet(tmp_path: Path, text: str) -> Path:
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(text, encoding="utf-8")
    return sheet


def test_check_facts_missing_items_are_listed_apart_and_fail_only_when_strict(cli: Cli, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "- id: an-item-without-an-entry\n  court_or_body: Some Court\n  date: '2024-01-01'\n")
    status, out, _ = cli("kb", "check-facts", str(sheet))
    assert status == 0 and "0 unexplained, 1 item(s) without an entry" in out
    assert "without a knowledge entry" in out and "  an-item-without-an-entry" in out.splitlines()
    assert cli("kb", "check-facts", "--strict", str(sheet))[0] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\xff\xfe\x89PNG", "not a text file"),
        (b"just: a mapping\n", "is not a fact sheet"),
        (b"- a\n- list\n", "is not a fact sheet"),
        (b"- id: x\n  colour: blue\n", "is not a fact sheet"),
        (b"key: [unclosed\n", "is not valid YAML"),
    ],
)
def test_check_facts_refuses_what_is_not_a_fact_sheet(cli: Cli, tmp_path: Path, content: bytes, expected: str) -> None:
    sheet = tmp_path / "sheet.yaml"
    sheet.write_bytes(content)
    status, out, err = cli("kb", "check-facts", str(sheet))
    assert status == 1 and out == "" and err.count("\n") == 1 and expected in err, err


@pytest.mark.skipif(not FACT_SHEET.is_file(), reason=FACT_SHEET_SKIP)
def test_check_facts_on_the_shipped_knowledge_passes(cli: Cli) -> None:
    status, out, _ = cli("kb", "check-facts", str(FACT_SHEET), KNOWLEDGE_DIR=str(KNOWLEDGE))
    assert status == 0 and " 0 unexplained" in out


def _set_as_of(path: Path, date: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^as_of: ".*"$', f'as_of: "{date}"', text, count=1, flags=re.M), encoding="utf-8")


def test_sync_take_resolves_a_conflict_from_the_terminal(cli: Cli, tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    kb = {"KNOWLEDGE_DIR": str(folder)}
    assert cli("kb", "sync", **kb)[0] == 0
    _set_as_of(folder / "us-naruto.md", "2026-01-02")
    assert "updated: us-naruto" in cli("kb", "sync", **kb)[1]
    assert cli("kb", "revert", "us-naruto", "1", "--reason", "keep the old date", **kb)[0] == 0  # a database edit
    _set_as_of(folder / "us-naruto.md", "2026-01-03")
    status, out, _ = cli("kb", "sync", **kb)
    assert status == 1 and "kb sync --take files us-naruto" in out
    assert cli("kb", "sync", "--take", "files", **kb)[0] == 2  # the entry id is needed
    status, out, err = cli("kb", "sync", "--take", "files", "us-naruto", **kb)
    assert status == 0 and "database's version is kept as r3" in out, err
    status, out, _ = cli("kb", "sync", **kb)
    assert status == 0 and "conflicts 0" in out
    assert "keep the old date" in cli("kb", "history", "us-naruto", **kb)[1]


def test_following_the_conflict_advice_gets_out(cli: Cli, tmp_path: Path) -> None:
    """Export the database over the files, and sync: only the edited line changed, and nothing conflicts."""
    folder = _copy_knowledge(tmp_path)
    kb = {"KNOWLEDGE_DIR": str(folder)}
    assert cli("kb", "sync", **kb)[0] == 0
    _set_as_of(folder / "us-naruto.md", "2026-01-02")
    cli("kb", "sync", **kb)
    cli("kb", "revert", "us-naruto", "1", **kb)  # the database edit: back to the shipped date
    _set_as_of(folder / "us-naruto.md", "2026-01-03")
    assert cli("kb", "sync", **kb)[0] == 1
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    assert cli("kb", "export", "--format", "files", "--out", str(folder), **kb)[0] == 0
    after = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["us-naruto.md"]
    old, new = before["us-naruto.md"].splitlines(), after["us-naruto.md"].splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        (
            'as_of: "2026-01-03"',
            (KNOWLEDGE / "us-naruto.md").read_text(encoding="utf-8").splitlines()[old.index('as_of: "2026-01-03"')],
        )
    ]
    status, out, _ = cli("kb", "sync", **kb)
    assert status == 0 and "conflicts 0" in out


def test_revert_to_the_current_content_adds_no_revision(cli: Cli) -> None:
    status, out, _ = cli("kb", "revert", "us-naruto", "1")
    assert status == 0 and "no revision was added" in out
    assert "r2" not in cli("kb", "history", "us-naruto")[1]


def test_stats_shows_which_knowledge_folder_is_used(cli: Cli, tmp_path: Path) -> None:
    status, out, _ = cli("kb", "stats")
    assert status == 0 and out.splitlines()[0] == f"knowledge: {KNOWLEDGE} (from the checkout's knowledge/)"
    folder = _copy_knowledge(tmp_path)
    status, out, _ = cli("kb", "stats", KNOWLEDGE_DIR=str(folder), DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/b.db")
    assert out.splitlines()[0] == f"knowledge: {folder} (from KNOWLEDGE_DIR)"


def _fake_checkout(tmp_path: Path) -> Path:
    checkout = tmp_path / "clone"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text('[project]\nname = "copyright-bot"\n', encoding="utf-8")
    shutil.copytree(KNOWLEDGE, checkout / "knowledge")
    return checkout


def test_run_from_a_checkout_reads_its_knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import Settings

    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)
    checkout = _fake_checkout(tmp_path)
    monkeypatch.chdir(checkout)
    assert Settings(_env_file=None).knowledge_dir == checkout / "knowledge"
    monkeypatch.chdir(tmp_path)  # not a checkout: the copy that came with the package
    assert Settings(_env_file=None).knowledge_dir == KNOWLEDGE
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "mine"))
    monkeypatch.chdir(checkout)
    assert Settings(_env_file=None).knowledge_dir == tmp_path / "mine"


def test_console_script_and_python_m_bot_read_the_same_folder(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "copyright-bot"
    if not script.is_file():
        pytest.skip(f"the console script is not installed beside {sys.executable} (pip install the project)")
    checkout = _fake_checkout(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in {"KNOWLEDGE_DIR", "DATABASE_URL"}}
    firsts = []
    for number, command in enumerate(([str(script)], [sys.executable, "-m", "bot"])):
        done = subprocess.run(
            [*command, "kb", "stats"],
            cwd=checkout,
            env=env | {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/{number}.db", "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        firsts.append(done.stdout.splitlines()[0])
    assert firsts == [f"knowledge: {checkout / 'knowledge'} (from the checkout's knowledge/)"] * 2
