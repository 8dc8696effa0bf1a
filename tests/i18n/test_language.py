import pytest

from bot.i18n.language import Language, choose_language, question_language


@pytest.mark.parametrize(
    ("question", "member", "guild", "expected"),
    [
        ("AI生成的图片在中国受著作权保护吗？", "en-US", "en-US", Language.ZH),  # the question's script decides first
        ("Can an AI-generated image be copyrighted in China?", "zh-CN", "zh-CN", Language.EN),
        ("用SD画的图有版权吗", None, None, Language.ZH),  # a few Latin letters inside Chinese
        ("what did the Beijing court say about 春风送来了温柔", None, None, Language.EN),
        ("Li v Liu 案", "zh-CN", None, Language.ZH),  # mixed: the member's locale decides
        ("Li v Liu 案", "en-US", "zh-CN", Language.EN),
        ("Li v Liu 案", None, "zh-TW", Language.ZH),  # then the server's
        ("Li v Liu 案", None, None, Language.EN),  # no locale: the larger script share (Latin)
        ("李某诉刘某 v", None, None, Language.ZH),
        ("", "zh-CN", "en-US", Language.ZH),  # empty: the locale
        ("   ", None, "zh-CN", Language.ZH),
        ("2023 ???", "en-GB", None, Language.EN),
        ("", None, None, Language.EN),
        ("", "fr", "de", Language.EN),  # locales without a catalogue
    ],
)
def test_choose_language(question, member, guild, expected):
    assert choose_language(question, member, guild) is expected


def test_mixed_question_is_undecided_by_itself():
    assert question_language("Li v Liu 案") is None
    assert question_language("Li v Liu 案怎么判的") is Language.ZH


@pytest.mark.parametrize("value", ["zh", "zh-CN", "zh-TW", "zh_Hans", "ZH"])
def test_parse_chinese(value):
    assert Language.parse(value) is Language.ZH


def test_parse_refuses_other_languages():
    with pytest.raises(ValueError, match="no catalogue"):
        Language.parse("fr")
    assert Language.EN.short == "en" and Language.ZH.short == "zh"
