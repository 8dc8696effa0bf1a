"""The one schema of maximum sizes: the knowledge files, the forms, the import and both databases read it.

A value the schema accepts always fits its column (SQLite and PostgreSQL alike), and a value too long
for a column is refused by the schema with a message naming the field, never by the database.
"""

# Characters per text field.
ID = 80
KIND = 32
STATUS = 32
DATE = 10
OUTCOME = 16  # the longest of entry.OUTCOMES, "not-protected", with room
TITLE = 300
COURT = 300
DOCKET = 300
REPORTER = 300
DATE_LABEL = 32
URL = 2000
ALIAS = 200
ALIAS_KEY = 300  # the folded alias (casefold can lengthen a name); checked against this too
QUESTION = 300
SUMMARY = 600
SIDE_TEXT = 1000
STATUS_DETAIL = 240
FACT_NOTE_KEY = 40
FACT_NOTE = 1000
BODY = 8000
AUTHOR = 200
ASKED = 1000  # a question put to the bot (/ask, a mention, the terminal); matched and kept as a gap

# Items per list field.
ALIASES = 60
QUESTIONS = 100
CITATIONS = 20
COVERS = 8
RELATED = 30
SIDES = 12
SIDE_CITES = 20
FACT_NOTES = 20

# Knowledge files and their YAML front matter.
FILE_BYTES = 64 * 1024
YAML_DEPTH = 6
YAML_NODES = 3000
