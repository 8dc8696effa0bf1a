"""The names and ids of every stored entry (deleted ones too), held in memory, so one edit is validated
against all the others without reading them from the database."""

from collections.abc import Iterable

from bot.core.entry import Entry, alias_key
from bot.core.knowledge_files import entry_problems


class Catalogue:
    """Name key -> owning entry ids. Ids and titles count as names too: a name looks up one entry."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.ids: set[str] = set()
        self._owners: dict[str, set[str]] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        self.ids.add(entry.id)
        for name in (entry.id, entry.title, *entry.aliases):
            self._owners.setdefault(alias_key(name), set()).add(entry.id)

    def remove(self, entry: Entry) -> None:
        """Forget this version of an entry's names (its id stays known until add() or for good)."""
        self.ids.discard(entry.id)
        for name in (entry.id, entry.title, *entry.aliases):
            owners = self._owners.get(alias_key(name))
            if owners is not None:
                owners.discard(entry.id)
                if not owners:
                    del self._owners[alias_key(name)]

    def owner_other_than(self, key: str, entry_id: str) -> str | None:
        others = self._owners.get(key, set()) - {entry_id}
        return min(others) if others else None

    def problems(self, entry: Entry) -> list[str]:
        """The file rules for `entry` among every other stored entry, as `field: message` lines."""
        known = self.ids | {entry.id}
        return [
            f"{field}: {message}"
            for field, message in entry_problems(
                entry, known.__contains__, lambda key: self.owner_other_than(key, entry.id)
            )
        ]
