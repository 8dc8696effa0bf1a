"""`timeline --out FILE`: the /timeline picture from the terminal."""

import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 300 * 1024


@pytest.mark.parametrize("extra", [(), ("--jurisdiction", "US"), ("--lang", "zh")])
def test_cli_writes_a_png(cli, tmp_path, extra):
    out = tmp_path / "timeline.png"
    status, stdout, err = cli("timeline", "--out", str(out), *extra)
    assert status == 0, err
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) < MAX_BYTES
    assert str(out) in stdout


def test_cli_refuses_a_missing_folder(cli, tmp_path):
    status, _, err = cli("timeline", "--out", str(tmp_path / "nowhere" / "t.png"))
    assert status == 2 and err.startswith("error:")
