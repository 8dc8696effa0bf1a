"""Every message exists in every locale with the same variables, and the ids callers rely on are there."""

import re
from importlib import resources

import pytest

from bot.core.entry import JURISDICTIONS, KINDS, STATUSES
from bot.i18n import Language, MissingMessage, messages
from bot.i18n.catalogue import message_variables
from bot.i18n.commands import description_ids, term_id

LANGS = list(Language)


def test_every_id_is_in_every_locale_with_the_same_variables():
    shapes = {lang: message_variables(lang) for lang in LANGS}
    english = shapes[Language.EN]
    for lang, shape in shapes.items():
        assert set(shape) == set(english), (lang, sorted(set(shape) ^ set(english)))
        for message_id, variables in english.items():
            assert shape[message_id] == variables, (lang, message_id)


def test_every_locale_folder_has_the_same_files():
    root = resources.files("bot.i18n") / "locales"
    names = {lang: sorted(f.name for f in (root / lang.value).iterdir()) for lang in LANGS}
    assert names[Language.ZH] == names[Language.EN]
    assert {folder.name for folder in root.iterdir()} == {lang.value for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_formats(lang):
    catalogue = messages(lang)
    for message_id, variables in message_variables(lang).items():
        text = catalogue.get(message_id, **dict.fromkeys(variables, "X"))
        assert text.strip() and "{" not in text, message_id
        assert "\u2068" not in text  # no isolation marks in Discord or terminal text


@pytest.mark.parametrize("lang", LANGS)
def test_terms_for_every_status_kind_and_jurisdiction(lang):
    catalogue = messages(lang)
    for group, values in (("status", STATUSES), ("kind", KINDS), ("jurisdiction", JURISDICTIONS)):
        for value in values:
            assert term_id(group, value) in catalogue, (group, value)


def test_chinese_texts_are_chinese():
    zh = messages(Language.ZH)
    assert zh.get("disclaimer") != messages(Language.EN).get("disclaimer")
    assert re.search(r"[\u4e00-\u9fff]", zh.get("status-decided"))
    assert zh.get("cmd-ask") == "询问有关人工智能与版权的问题"


def test_unknown_id_and_missing_variable_are_errors():
    with pytest.raises(MissingMessage):
        messages("en").get("no-such-message")
    with pytest.raises(ValueError):
        messages("en").get("answer-status", status="decided")  # date missing


def test_command_texts_by_context():
    zh = messages("zh-CN")
    assert zh.first(*description_ids("kb alias add")) == "添加别名"
    assert zh.first(*description_ids("kb alias add", "entry")) == "条目（id、标题或别名）"  # the shared option
    assert zh.first(*description_ids("cite", "name")) == "案例名称、当事人、法院或别名"
    assert zh.first(*description_ids("settings audit-channel", "channel")) == "频道（留空则停止发布）"
    assert zh.first(*description_ids("no-such-command")) is None
