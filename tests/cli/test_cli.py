"""The command-line contract, through a real subprocess on a fresh SQLite database."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.entry import Entry
from bot.core.stale import stale_entries

REPO = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "KNOWLEDGE_DIR", "DISCORD_TOKEN"}}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


def _check_answer_shape(obj: dict) -> None:
    assert set(obj) >= {"question", "matched", "confidence", "entry", "answer", "citations", "suggestions"}
    assert isinstance(obj["question"], str) and isinstance(obj["matched"], bool)
    assert isinstance(obj["confidence"], float) and 0.0 <= obj["confidence"] <= 1.0
    assert isinstance(obj["answer"], str) and obj["answer"]
    for citation in obj["citations"]:
        assert set(citation) >= {"title", "court", "date", "docket", "url"}
        assert isinstance(citation["court"], str) and isinstance(citation["date"], str)
        assert citation["docket"] is None or isinstance(citation["docket"], str)
        assert citation["url"].startswith("https://")
    for suggestion in obj["suggestions"]:
        assert isinstance(suggestion["id"], str) and isinstance(suggestion["confidence"], float)
    if obj["matched"]:
        entry = obj["entry"]
        assert isinstance(entry["id"], str) and isinstance(entry["title"], str)
        assert all(isinstance(x, str) for x in entry["jurisdictions"] + entry["covers"])
        assert obj["citations"], "every answer names its sources"
    else:
        assert obj["entry"] is None


def test_ask_json_china_question_cites_li_v_liu(cli_home: Path) -> None:
    done = run(cli_home, "ask", "--format", "json", "Can AI art be copyrighted in China?")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    _check_answer_shape(answer)
    assert answer["matched"] and answer["entry"]["id"] in {"cn-li-v-liu", "topic-cn-us-split", "topic-cn-ai-images"}
    li = [c for c in answer["citations"] if c["court"] == "Beijing Internet Court" and c["date"] == "2023-11-27"]
    assert li and li[0]["docket"].startswith("(2023)京0491民初11279号")
    assert (cli_home / "data" / "copyright-bot.sqlite3").exists() is False  # DATABASE_URL was honoured
    assert (cli_home / "cli.sqlite3").exists()


def test_ask_text_is_readable_and_cited(cli_home: Path) -> None:
    done = run(cli_home, "ask", "Can an AI-generated image be copyrighted in China?")
    assert done.returncode == 0, done.stderr
    assert "Sources:" in done.stdout and "https://" in done.stdout and "not legal advice" in done.stdout


def test_off_topic_is_declined_politely(cli_home: Path) -> None:
    done = run(cli_home, "ask", "--format", "json", "how do i make crispy roast potatoes")
    answer = json.loads(done.stdout)
    _check_answer_shape(answer)
    assert answer["matched"] is False and "not legal advice" in answer["answer"]


@pytest.mark.parametrize("question", ["", "   ", "\t\n"])
def test_empty_question_exits_2_with_a_message(cli_home: Path, question: str) -> None:
    done = run(cli_home, "ask", question)
    assert done.returncode == 2 and "empty" in done.stderr and done.stdout == ""


def test_batch_answers_200_in_order_with_one_process(cli_home: Path, shipped_entries: list[Entry]) -> None:
    questions = [q for e in shipped_entries for q in e.questions][:190] + [f"random words {i}" for i in range(10)]
    batch = cli_home / "batch.txt"
    lines = [json.dumps({"q": q}) if i % 2 else q for i, q in enumerate(questions)]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run(cli_home, "ask", "--batch", str(batch), "--format", "json")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["question"] for o in out] == questions
    for obj in out:
        _check_answer_shape(obj)


def test_kb_validate_and_stats(cli_home: Path, shipped_entries: list[Entry]) -> None:
    done = run(cli_home, "kb", "validate")
    assert done.returncode == 0 and done.stdout.startswith("ok:")
    stats = run(cli_home, "kb", "stats")
    assert stats.returncode == 0
    for entry in shipped_entries:
        assert f"  {entry.id}  " in stats.stdout


def test_kb_validate_reports_broken_file(cli_home: Path) -> None:
    broken = cli_home / "broken"
    broken.mkdir()
    (broken / "bad.md").write_text("---\nid: bad\n---\nbody\n")
    done = run(cli_home, "kb", "validate", str(broken))
    assert done.returncode == 1
    assert f"{broken / 'bad.md'}:1: kind: required field is missing" in done.stdout


def test_kb_export_json_lists_entries(cli_home: Path, shipped_entries: list[Entry]) -> None:
    done = run(cli_home, "kb", "export", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert {r["id"] for r in records} == {e.id for e in shipped_entries}
    for key in (
        "id",
        "title",
        "title_zh",
        "jurisdictions",
        "kind",
        "summary",
        "questions",
        "aliases",
        "covers",
        "citations",
        "related",
        "revision",
    ):
        assert key in records[0]


def test_db_commands(cli_home: Path) -> None:
    assert run(cli_home, "db", "upgrade").stdout.strip() == run(cli_home, "db", "current").stdout.strip() != ""
    down = run(cli_home, "db", "downgrade", "base")
    assert down.returncode == 0 and "base" in down.stdout
    assert run(cli_home, "db", "upgrade").returncode == 0


def test_malformed_database_url_is_one_clear_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": "not a url"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "hi"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "DATABASE_URL" in done.stderr and "Traceback" not in done.stderr


def test_ask_does_not_import_discord(tmp_path: Path) -> None:
    code = (
        "import sys; from bot.cli.main import main; rc = main(['ask', '--format', 'json', 'thaler v perlmutter']);"
        "print('DISCORD' if any(m == 'discord' or m.startswith('discord.') for m in sys.modules) else 'CLEAN')"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip().endswith("CLEAN"), done.stderr


def test_kb_history_revert_and_gaps(cli_home: Path) -> None:
    history = run(cli_home, "kb", "history", "us-naruto")
    assert history.returncode == 0 and history.stdout.startswith("r1 ") and "kb sync" in history.stdout
    missing = run(cli_home, "kb", "revert", "us-naruto", "7")
    assert missing.returncode == 2 and "no revision 7" in missing.stderr  # a bad argument, like an unknown id
    same = run(cli_home, "kb", "revert", "us-naruto", "1", "--reason", "test revert")
    assert same.returncode == 0 and "no revision was added" in same.stdout  # r1 is the current content
    gaps = run(cli_home, "kb", "gaps")
    assert gaps.returncode == 0 and "no unanswered questions" in gaps.stdout


def test_kb_stale_lists_open_matters_oldest_first(cli_home: Path, shipped_entries: list[Entry]) -> None:
    every = run(cli_home, "kb", "stale", "--days", "0")
    assert every.returncode == 0, every.stderr
    open_entries = [e for e in shipped_entries if e.is_open]
    lines = every.stdout.splitlines()
    listed = [line.split(":")[0] for line in lines[:-1]]
    assert listed == [e.id for e in stale_entries(shipped_entries, dt.date.today(), 0)]
    assert lines[-1] == f"{len(listed)} of {len(open_entries)} open matter(s) not checked in the last 0 day(s)"
    none = run(cli_home, "kb", "stale", "--days", "36500")
    assert none.returncode == 0 and none.stdout.startswith("0 of ")
    bad = run(cli_home, "kb", "stale", "--days", "soon")
    assert bad.returncode == 2 and "whole number of days" in bad.stderr
