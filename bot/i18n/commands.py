"""Message ids for the slash commands' texts, from where a text is used rather than from its English wording.

The app-command translator is told the command's qualified name ("kb alias add") and, for an option, the
option's name; these functions turn that context into the ids to try, most specific first, so that
`messages(lang).first(*ids)` gives the text (or None: leave the string as it is). No discord import here.
"""


def command_id(qualified_name: str) -> str:
    """Command "kb alias add" -> "cmd-kb-alias-add": the command's (or group's) description."""
    return "cmd-" + "-".join(qualified_name.split())


def description_ids(qualified_name: str, parameter: str | None = None) -> tuple[str, ...]:
    """The ids for a command's description, or for one of its parameters' descriptions: that command's own
    attribute first, then the description the /kb commands share for a parameter of that name."""
    if parameter is None:
        return (command_id(qualified_name),)
    return (f"{command_id(qualified_name)}.{parameter}", f"option-{parameter}")


def parameter_name_id(parameter: str) -> str:
    """The shown name of a parameter ("question" -> "param-question"); no id in the catalogue: keep the name."""
    return f"param-{parameter}"


def term_id(group: str, value: str) -> str:
    """A value's word: term_id("status", "on appeal") -> "status-on-appeal", term_id("jurisdiction", "CN") ->
    "jurisdiction-cn". Choice names of /cases and /kb (jurisdiction, kind, status) and /cite's style use these."""
    return f"{group}-" + "-".join(value.casefold().split())
