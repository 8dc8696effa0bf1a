"""`ask --batch`: one output line per input line, in order, whatever the line holds."""

import json
from pathlib import Path

from tests.cli.conftest import Cli


def test_one_output_line_per_input_line(cli: Cli, tmp_path: Path) -> None:
    batch = tmp_path / "batch.txt"
    batch.write_text(
        'monkey selfie\n\n   \n{"q": null}\n{"q": 42}\n{"text": "no q"}\n{"q": "thaler v perlmutter"}\n',
        encoding="utf-8",
    )
    status, out, err = cli("ask", "--batch", str(batch))
    assert status == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 7
    assert rows[0]["question"] == "monkey selfie" and rows[0]["matched"]
    assert [r.get("error") for r in rows[1:3]] == ["empty question", "empty question"]
    assert [r["line"] for r in rows[1:6]] == [2, 3, 4, 5, 6]
    assert rows[3]["error"] == "'q' must be a string, got null" and rows[3]["question"] == ""
    assert rows[4]["error"] == "'q' must be a string, got 42"
    assert "None" not in out
    assert rows[6]["entry"]["id"] == "us-thaler-v-perlmutter"


def test_question_and_batch_together_are_refused(cli: Cli, tmp_path: Path) -> None:
    batch = tmp_path / "batch.txt"
    batch.write_text("monkey selfie\n", encoding="utf-8")
    status, out, err = cli("ask", "--batch", str(batch), "thaler")
    assert status == 2 and out == "" and "not both" in err


def test_binary_batch_file_is_one_sentence(cli: Cli, tmp_path: Path) -> None:
    batch = tmp_path / "batch.bin"
    batch.write_bytes(b"\x00\xff\xfe\x89PNG")
    status, out, err = cli("ask", "--batch", str(batch))
    assert status == 1 and out == "" and err.count("\n") == 1 and "not a UTF-8 text file" in err


def test_missing_batch_file_is_a_bad_argument(cli: Cli, tmp_path: Path) -> None:
    status, _, err = cli("ask", "--batch", str(tmp_path / "missing.txt"))
    assert status == 2 and "missing.txt" in err
