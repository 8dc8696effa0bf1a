"""`ask` in the terminal: each citation and each suggestion once, and no docket that repeats the title."""

import re

from bot.cli.ask import render_text
from bot.core.answers import citation_line, decline
from bot.core.entry import Citation
from bot.core.matching.base import Candidate, MatchResult
from bot.core.service import KnowledgeService


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
    assert answer.suggestions and "Did you mean" in answer.text  # Discord and JSON keep the sentence
    text = render_text(answer)
    for suggestion in answer.suggestions:
        assert text.count(suggestion.title) == 1, text
        assert f"[{suggestion.id}]" in text


def test_citation_never_repeats_the_title_or_reporter_as_its_docket() -> None:
    report = Citation(
        title="Copyright and Artificial Intelligence, Part 2: Copyrightability",
        court="U.S. Copyright Office",
        date="2025-01-29",
        docket="Copyright and Artificial Intelligence, Part 2: Copyrightability (Jan. 2025)",
        url="https://www.copyright.gov/ai/report.pdf",
    )
    assert citation_line(report).count("Copyrightability") == 1
    case = Citation(
        title="Burrow-Giles v. Sarony",
        court="Supreme Court",
        date="1884",
        docket="111 U.S. 53",
        reporter="111 U.S. 53",
        url="https://example.org/x",
    )
    assert citation_line(case).count("111 U.S. 53") == 1
    plain = Citation(
        title="Thaler v. Perlmutter", court="D.C. Cir.", date="2025", docket="No. 23-5233", url="https://a.b/c"
    )
    assert "No. 23-5233" in citation_line(plain)
