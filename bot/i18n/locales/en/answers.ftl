# Answers: headings, status lines, citations, declines. Variables are plain text the caller has formatted
# (dates through bot.i18n.dates.format_date, numbers as it wants them shown).

disclaimer = General information about published rulings, not legal advice.
not-advice = Not legal advice
answer-sources = Sources
answer-more-sources = More sources
answer-sources-ref = (sources { $refs })
answer-suggestions = Suggestions
answer-confidence = (confidence { $value })
answer-full-explanation = Full explanation
answer-status = Status: { $status } (as of { $date }).
answer-status-stale = Status: { $status }, last checked { $date } ({ $days } days ago), so it may have moved on since.
answer-overview = Overview, facts checked as of { $date }.
answer-side-heading = { $jurisdiction }:
footer-as-of = facts as of { $date }
footer-match = match { $percent }
decline-title = No confident answer
decline-text = I don't have a reliable answer to that in my knowledge base of AI and copyright rulings, so I won't guess.
decline-did-you-mean = Did you mean: { $titles }?
# One citation: "{title}, {court}, {when}, {docket}. {url}"; "when" is a date label and a date.
citation-when = { $label } { $date }
citation-docket = Case no. { $docket }
