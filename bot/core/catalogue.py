"""The names and ids of every stored entry (deleted ones too), held in memory, so one edit is validated
against all the others without reading them from the database."""

from collections.abc import Iterable

from bot.core.entry import Entry, alias_key
from bot.core.knowledge_files import entry_problems


class Catalogue:
    """Name key -> owning entry ids. Ids and titles count as names too: a name looks up one entry."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.ids: set[str] = set()
        # Name key -> its owner, or owners when more than one entry claims it (rare: a set for each of a large
        # knowledge base's names would cost more than the names themselves).
        self._owners: dict[str, str | set[str]] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        self.add_keys(entry.id, [alias_key(name) for name in (entry.id, entry.title, *entry.aliases)])

    def add_keys(self, entry_id: str, keys: Iterable[str]) -> None:
        """An entry by its id and name keys (its id's, title's and aliases'), already folded."""
        self.ids.add(entry_id)
        for key in keys:
            held = self._owners.get(key)
            if held is None:
                self._owners[key] = entry_id
            elif isinstance(held, set):
                held.add(entry_id)
            elif held != entry_id:
                self._owners[key] = {held, entry_id}

    def remove(self, entry: Entry) -> None:
        """Forget this version of an entry's names (its id stays known until add() or for good)."""
        self.ids.discard(entry.id)
        for name in (entry.id, entry.title, *entry.aliases):
            key = alias_key(name)
            held = self._owners.get(key)
            if held == entry.id:
                del self._owners[key]
            elif isinstance(held, set):
                held.discard(entry.id)
                if len(held) == 1:
                    self._owners[key] = next(iter(held))

    def owner_other_than(self, key: str, entry_id: str) -> str | None:
        held = self._owners.get(key)
        others = {held} if isinstance(held, str) else held or set()
        others = others - {entry_id}
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
