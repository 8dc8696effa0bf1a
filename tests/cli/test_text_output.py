"""`ask` in the terminal: each citation and each suggestion once, and no docket that repeats the title."""

import re

import pytest

from bot.cli.ask import render_text
from bot.core.answers import decline
from bot.core.entry import Citation
from bot.core.matching.base import Candidate, MatchResult
from bot.core.service import KnowledgeService
from bot.i18n import Language
from bot.i18n.localized import citation_text, localize


def test_comparison_prints_each_citation_once(memory_service: KnowledgeService) -> None:
    answer = memory_service.ask("ai copyright china vs us")
    assert answer.sides, "expected the comparison entry"
    text = render_text(answer)
    urls = re.findall(r"https://\S+", text)
    assert urls and len(urls) == len(set(urls))
    assert all("(sources [" in part for part in text.split("\n\n") if part.startswith(("China:", "United States:")))


def test_decline_lists_suggestions_once(memory_service: KnowledgeService) -> None:
    """The matcher is another engineer's; a near miss is built by hand so the test does not depend on its scores."""
    near = MatchResult(
        "monkey photos", (Candidate("us-naruto", 0.4, 0.4), Candidate("us-thaler-v-perlmutter", 0.3, 0.3)), False
    )
    answer = decline("monkey photos", near, memory_service.entries)
    assert answer.suggestions and "Did you mean" in localize(answer, Language.EN).text  # Discord and JSON keep it
    text = render_text(answer)
    for suggestion in answer.suggestions:
        assert text.count(suggestion.title) == 1, text
        assert f"[{suggestion.id}]" in text


@pytest.mark.parametrize(
    ("title", "docket", "reporter", "shown_once"),
    [
        (
            "Copyright and AI, Part 2: Copyrightability",
            "Copyright and AI, Part 2: Copyrightability (Jan. 2025)",
            None,
            "Copyrightability",
        ),
        ("GB/T 45654-2025 Basic Security Requirements", "GB/T 45654-2025", None, "GB/T 45654-2025"),
        ("Burrow-Giles v. Sarony", "111 U.S. 53", "111 U.S. 53", "111 U.S. 53"),
        ("Thaler v. Perlmutter", "No. 23-5233", None, "No. 23-5233"),
    ],
)
def test_citation_never_repeats_the_title_or_reporter_as_its_docket(
    title: str, docket: str, reporter: str | None, shown_once: str
) -> None:
    citation = Citation(
        title=title, court="A court", date="2025", docket=docket, reporter=reporter, url="https://a.b/c"
    )
    assert citation_text(citation, Language.EN).count(shown_once) == 1
