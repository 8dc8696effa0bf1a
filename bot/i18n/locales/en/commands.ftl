# Slash commands. Ids follow bot.i18n.commands: `cmd-<qualified name, spaces as dashes>` is a command's or
# group's description, its attribute `.<parameter>` that parameter's description (else `option-<parameter>`),
# `param-<parameter>` a parameter's shown name. Command names themselves stay as typed (/ask, /kb ...).

cmd-ask = Ask a question about AI and copyright
    .question = Your question, in English or Chinese
cmd-case = Look up one case or document by name
    .name = Case name, party, court or alias
cmd-compare = China vs the US (or another topic) side by side
    .topic = Topic to compare (default: the China-US split)
cmd-cases = List the cases and documents in the knowledge base
    .jurisdiction = Only this jurisdiction
    .kind = Only this kind of entry
cmd-cite = A citation ready to paste
    .name = Case name, party, court or alias
    .style = Citation style
cmd-about = What this bot is, its sources, and that it is not legal advice
cmd-timeline = The rulings and documents on a time axis, as a picture
    .jurisdiction = Only this jurisdiction
cmd-settings = Bot settings for this server
cmd-settings-answer-channel = Channels where the bot answers questions without a mention
cmd-settings-answer-channel-add = Answer questions in a channel
    .channel = The channel
cmd-settings-answer-channel-remove = Stop answering questions in a channel
    .channel = The channel
cmd-settings-audit-channel = Post every knowledge change to a channel (editors only)
    .channel = The channel (leave out to stop posting)
cmd-kb = Keep the knowledge base current (editors only)
cmd-kb-add = Add an entry (a form follows; it must name a source)
    .id = New id, e.g. us-new-case
    .jurisdiction = Where it applies
    .kind = What it is
cmd-kb-edit = Edit an entry's text (a form filled with the current text)
cmd-kb-delete = Remove an entry from answers (it can be restored)
cmd-kb-restore = Bring a deleted entry back
cmd-kb-history = Who changed an entry, when, why and what
cmd-kb-revert = Restore an earlier revision (as a new revision)
cmd-kb-status = Record where a matter stands now (also marks it checked today)
cmd-kb-stale = Open matters (pending, awaiting approval, consultation) not checked lately
cmd-kb-alias = Add or remove an alias
cmd-kb-alias-add = Add an alias (a name people use for the entry)
cmd-kb-alias-remove = Remove an alias
cmd-kb-question = Add or remove a question phrasing
cmd-kb-question-add = Add a way people ask about the entry
cmd-kb-question-remove = Remove a question phrasing
cmd-kb-cite = Add or remove a citation
cmd-kb-cite-add = Add a citation: court, date, docket (or -), https link
cmd-kb-cite-remove = Remove a citation by its number (1 = the first)
cmd-kb-export = The whole knowledge base as a zip of knowledge files
cmd-kb-import = Import a knowledge zip: a dry run first, then confirm
cmd-kb-gaps = What people asked that the bot could not answer, most asked first
cmd-kb-feedback = Entries with the most 'not helpful' votes

# Parameter descriptions shared by the /kb commands (bot/discord_bot/cogs/kb.py OPTION_HELP).
option-entry = The entry (id, title or alias)
option-reason = Why (kept in the history)
option-text = The text
option-court = Court or body
option-date = Date: YYYY-MM-DD, YYYY-MM or YYYY
option-docket = Docket or official citation (- for none)
option-url = An https link to the source
option-number = Citation number (1 = the first)
option-revision = Revision number (see /kb history)
option-file = A zip made by /kb export
option-status = Where the matter stands now
option-detail = For an open matter: what is still open, and since when
option-days = Days without a check that count as stale (default 90)

# Shown parameter names (what Discord displays in place of the typed name).
param-question = question
param-name = name
param-topic = topic
param-jurisdiction = jurisdiction
param-kind = kind
param-style = style
param-channel = channel

# Choice names of /cite's style (jurisdiction, kind and status choices use jurisdiction-*, kind-*, status-*).
cite-style-full = full
cite-style-link = link
