"""Regenerates docs/reliability.md: runs the hazard tests, collects their figures, writes the table.

python -m tests.reliability
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "reliability.md"

# (hazard, what must hold, test, how the figure is shown)
HAZARDS = [
    (
        "Hostile text (control and RTL characters, zero-width, combining marks, emoji, 10,000 characters, "
        "markdown and mention injection, SQL-looking text)",
        "no exception; every Discord limit; allowed_mentions empty; user text escaped",
        "tests/discord/test_hostile_text.py",
        "{hostile_inputs} generated inputs per property, 2 properties",
    ),
    (
        "1,000 generated questions rendered for Discord",
        "every limit kept, nothing to ping",
        "tests/discord/test_render.py::test_thousand_generated_questions_stay_within_limits",
        "1,000 questions",
    ),
    (
        "200 /ask interactions at once",
        "all answered inside Discord's 3-second window",
        "tests/discord/test_load.py::test_two_hundred_asks_at_once",
        "{asks} answered; interaction→callback p50 {ask_p50_ms} ms, p99 {ask_p99_ms} ms",
    ),
    (
        "A burst of 50 mentions from one member",
        "per-user cooldown: one answer, one ⏳ reaction",
        "tests/discord/test_load.py::test_mention_burst_gets_one_answer_and_one_notice",
        "{mentions} mentions → {mention_replies} reply, {mention_reactions} reaction",
    ),
    (
        "Process killed (SIGKILL) during a stream of edits",
        "integrity_check ok; every acknowledged revision present; no partial one",
        "tests/core/storage/test_faults.py::test_killed_mid_stream_loses_no_acknowledged_edit",
        "{crash_edits_acknowledged} edits acknowledged; {crash_revisions_present} revisions present after the kill "
        "(with the seed revision)",
    ),
    (
        "Database unavailable during /ask and during an edit",
        "answers from memory; edits refused, nothing saved",
        "tests/discord/test_faults_discord.py::test_database_gone_answers_continue_and_edits_say_so",
        "passes",
    ),
    (
        "SQLite settings",
        "WAL, foreign keys on, busy timeout (2 s: under Discord's 3-second window)",
        "tests/core/storage/test_faults.py::test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout",
        "passes",
    ),
    (
        "Broken knowledge file at start-up",
        "reported by file and line; the last good database keeps serving",
        "tests/cli/test_bad_config.py::test_broken_knowledge_file_keeps_the_last_good_database",
        "passes",
    ),
    (
        "Gateway drops the connection",
        "an accepted interaction is still answered; the client resumes",
        "tests/discord/test_faults_discord.py::test_an_accepted_interaction_is_answered_across_a_dropped_connection",
        "passes",
    ),
    ("Token in logs", "never, after a failed login or a failing command", "tests/discord/test_secrets.py", "passes"),
    (
        "Non-editor on /kb (even with every permission, from a non-editor server)",
        "refused on every command, button and form; no autocomplete; database unchanged",
        "tests/discord/cogs/test_kb_flows.py::test_non_editors_are_refused_everywhere",
        "12 commands × 2 kinds of member",
    ),
    (
        "Forged component custom ids and modal submits",
        "no action on another entry, no skipped editor check",
        "tests/discord/cogs/test_kb_flows.py::test_forged_components_and_modals_are_refused",
        "passes",
    ),
    (
        "20 concurrent saves of one revision",
        "exactly one new revision",
        "tests/discord/cogs/test_kb_flows.py::test_twenty_concurrent_modal_saves_make_one_revision",
        "1 of 20 saved",
    ),
    (
        "Bad configuration (DATABASE_URL, data folder, KNOWLEDGE_DIR, KB_EDITOR_GUILD_IDS)",
        "one clear sentence naming the setting, no traceback",
        "tests/cli/test_bad_config.py",
        "passes",
    ),
    (
        "Knowledge file of YAML anchors nested eight deep (an anchor bomb), or a self-referencing anchor",
        "refused in one pass over the YAML events with a FILE:LINE problem; no alias is followed",
        "tests/core/test_knowledge_files.py::test_anchor_bomb_is_refused_without_following_the_aliases",
        "{anchor_bomb_bytes}-byte file refused in {anchor_bomb_ms} ms, {anchor_bomb_peak_kb} KB peak allocation",
    ),
    (
        "Zip bomb in an import (51 KB inflating to 50 MB), lying size headers, 2,001 members",
        "refused from the headers before inflating; every read capped; one listed problem",
        "tests/core/test_transfer.py::test_zip_bomb_is_refused_from_its_headers",
        "{zip_bomb_kb} KB zip refused in {zip_bomb_ms} ms, {zip_bomb_peak_kb} KB peak allocation",
    ),
    (
        "Malformed archives (encrypted, unknown compression, damaged, truncated, manifest not an object or not "
        "JSON, not UTF-8, a repeated member name)",
        "one listed problem each, never 'Something went wrong'; `kb import` prints it on one line, exit 1",
        "tests/core/test_transfer.py::test_every_malformed_archive_gets_one_listed_problem",
        "7 kinds, plus repeated names",
    ),
    (
        "Values one over the shared maximum lengths (title, date label, question) on SQLite and PostgreSQL",
        "refused by the schema naming the field, never 'database unavailable'; every field at its maximum stored "
        "by both back ends",
        "tests/core/test_lengths.py",
        "passes",
    ),
    (
        "Slow work before the first reply (520 long gaps behind /kb gaps; import dry run and confirm)",
        "deferred first; the fake Discord fails any interaction not acknowledged within 3 s",
        "tests/discord/test_abuse_flows.py::test_gaps_over_many_long_questions_are_deferred_and_listed",
        "520 gaps: deferred, then listed",
    ),
    (
        "One member posting public answers in a row (/case, /cite, /compare, /cases, /about)",
        "3 public answers per minute per member; beyond that the answer is private",
        "tests/discord/test_abuse_flows.py::test_public_answers_past_a_members_share_are_private",
        "6 lookups → 3 public, 3 private",
    ),
    (
        "Vote stuffing through several answer messages",
        "one vote per member per entry; /kb feedback counts members",
        "tests/discord/test_abuse_flows.py::test_one_vote_per_member_per_entry_whatever_the_message",
        "4 messages → 1 vote",
    ),
    (
        "Database fault on a vote or on /kb gaps",
        "the member is told in one sentence; nothing unhandled",
        "tests/discord/test_abuse_flows.py::test_vote_under_a_database_fault_is_answered",
        "passes",
    ),
    (
        "Gap spam from one member",
        "5 gaps per member per day; gaps kept 90 days, 5,000 at most",
        "tests/discord/test_abuse_flows.py::test_one_member_adds_a_bounded_share_of_gaps",
        "10 questions → 5 gaps",
    ),
    (
        "Masked links and mentions in members' questions shown by /kb gaps",
        "escaped: plain text for moderators",
        "tests/discord/test_abuse_flows.py::test_gaps_show_members_text_escaped",
        "passes",
    ),
    (
        "Audit channel that answers 403, and audit channels set by non-editors",
        "posts after the reply, concurrently; a refusing channel dropped after 3 tries with a log note; editors only",
        "tests/discord/test_abuse_flows.py::test_audit_posts_follow_the_reply_and_a_refusing_channel_is_dropped",
        "4 edits → 3 refused posts, then dropped",
    ),
    (
        "Mentions in a channel where the bot cannot send",
        "one 403, then the channel is left alone for 10 minutes; nothing unhandled",
        "tests/discord/test_abuse_flows.py::test_mentions_where_the_bot_cannot_send_are_not_retried",
        "3 mentions → 1 request",
    ),
    (
        "/kb edit on an entry with a field longer than a form holds",
        "the field is left out and kept as it is; the editor is told",
        "tests/discord/test_abuse_flows.py::test_edit_form_leaves_out_what_it_cannot_hold_and_keeps_it",
        "passes",
    ),
    (
        "An import whose entries moved on, or whose names were taken, after its dry run",
        "applied whole in one transaction or not at all; the refusal names the entry",
        "tests/core/storage/test_name_races.py::test_an_import_that_lost_a_race_is_not_applied_at_all",
        "passes",
    ),
    (
        "A bulk import with audit channels set",
        "audit posts held during the import, then shared: not one post per entry per channel",
        "tests/discord/test_abuse_flows.py::test_a_bulk_import_shares_audit_posts",
        "6 entries → 1 post",
    ),
    (
        "Two editors racing for one id or one alias",
        "'already exists' / 'already used by', never 'database unavailable'",
        "tests/core/storage/test_name_races.py",
        "passes",
    ),
    (
        "Database that cannot be opened or written at start-up (read-only data folder, server not there)",
        "one sentence naming DATABASE_URL, no traceback",
        "tests/cli/test_data_folder.py",
        "passes",
    ),
]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        figures_file = Path(folder) / "figures.json"
        env = os.environ | {"RELIABILITY_FIGURES": str(figures_file)}
        tests = sorted({test.split("::")[0] for _, _, test, _ in HAZARDS})
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", *tests], cwd=REPO, env=env)
        figures = json.loads(figures_file.read_text()) if figures_file.exists() else {}
    from tests.discord.test_hostile_text import EXAMPLES

    figures["hostile_inputs"] = EXAMPLES
    status = "all passing" if done.returncode == 0 else "SOME FAILING"
    rows = [
        f"| {h} | {must} | `{test}` | {shown.format(**figures) if all(k in figures for k in _keys(shown)) else shown} |"
        for h, must, test, shown in HAZARDS
    ]
    DOC.write_text(
        "# Reliability\n\nEach hazard a public bot meets, what must hold, the test that proves it, and the figure it "
        f"measured. Regenerate with `python -m tests.reliability` (last run: {status}).\n\n"
        "| hazard | what must hold | test | measured |\n|---|---|---|---|\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {DOC.relative_to(REPO)} ({status})")
    return done.returncode


def _keys(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


if __name__ == "__main__":
    raise SystemExit(main())
