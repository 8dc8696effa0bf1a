"""Names fold to one key however they are typed: the fast paths (plain ASCII, a translate table for format
characters) must fold exactly as the plain definition does."""

import random
import unicodedata

from bot.core.entry import alias_key


def _by_definition(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name)
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(folded.casefold().split())


def test_known_look_alikes_fold_together() -> None:
    assert alias_key("Thaler  v. Perlmutter") == alias_key("thaler v. perlmutter")
    assert alias_key("ＴＨＡＬＥＲ") == "thaler"  # full width
    assert alias_key("li\u200bv liu") == "liv liu"  # a zero-width space is dropped, not a space
    assert alias_key("Straße") == "strasse"
    assert alias_key("\ufeff李某诉刘某\u200d") == "李某诉刘某"


def test_random_names_fold_as_defined() -> None:
    rng = random.Random(5)
    pool = [chr(c) for c in [*range(0x3000), *range(0xFE00, 0xFFFF), 0x200B, 0x200D, 0x2066, 0xFEFF, 0xE0020]]
    for _ in range(20_000):
        name = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert alias_key(name) == _by_definition(name), repr(name)
