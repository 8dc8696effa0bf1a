"""The real-path benchmark runs end to end on a small SQLite knowledge base (its figures are the machine's;
what is checked is that every one is measured and that the edit was really served)."""

from bot.devtools.bench_store import run_store_sizes


async def test_bench_store_measures_every_figure() -> None:
    (row,) = await run_store_sizes([300], None)
    assert row["backend"] == "sqlite" and row["entries"] == 300 and row["size"] == 300
    for key in ("startup_s", "startup_peak_mb", "peak_mb", "edit_to_served_ms", "longest_stall_ms"):
        assert row[key] >= 0, key
    assert 0 < row["ask_p50_ms"] <= row["ask_p99_ms"]
