"""Answers in the asker's language through the fake Discord: the question's script first, then the member's locale,
then the server's; the zh-CN command texts uploaded with the tree; /timeline's picture."""

from typing import Any

import pytest

from tests.discord.conftest import Harness

LI_V_LIU_ZH = "李某诉刘某侵害作品署名权、信息网络传播权纠纷案"
# Names the case: these tests are about the language of a case's answer, not about ranking (a question about
# Chinese courts in general is rightly answered by the overview of them).
CHINESE_QUESTION = "李某诉刘某那个AI文生图案，法院认为AI生成的图片受著作权保护吗？"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def option(name: str, value: str, kind: int = 3) -> dict:
    return {"name": name, "type": kind, "value": value}


def labels(data: dict[str, Any]) -> list[str]:
    return [c["label"] for row in data.get("components") or [] for c in row["components"] if c.get("label")]


def custom_ids(data: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in data.get("components") or [] for c in row["components"]]


def embed_text(embed: dict[str, Any]) -> str:
    parts = [embed.get("title", ""), embed.get("description", ""), (embed.get("footer") or {}).get("text", "")]
    return "\n".join(parts + [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])])


async def test_a_chinese_members_chinese_question_is_answered_in_chinese(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", CHINESE_QUESTION)], locale="zh-CN")
    embed = sent.data["embeds"][0]
    entry = harness.services.knowledge.entries["cn-li-v-liu"]
    assert embed["title"] == entry.title_zh and embed["title"].startswith(LI_V_LIU_ZH)
    assert embed["description"].startswith(entry.summary_zh[:40]) and "状态：已判决" in embed["description"]
    sources = " ".join(f["value"] for f in embed["fields"])
    assert "北京互联网法院 · 2023年11月27日判决 · (2023)京0491民初11279号" in sources
    assert "Beijing Internet Court" not in sources and "2023-11-27" not in sources
    footer = embed["footer"]["text"]
    assert footer.startswith("不构成法律意见 · 事实核实截至 ") and "年" in footer and "匹配度" in footer
    # The disclaimer is said once, in the footer; not again at the end of the description.
    assert embed_text(embed).count("不构成法律意见") == 1
    assert labels(sent.data) == ["完整解释", "有帮助", "没帮助"]
    assert all(cid.endswith(":zh") for cid in custom_ids(sent.data))


async def test_a_chinese_question_from_an_english_member_is_answered_in_chinese(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", CHINESE_QUESTION)], locale="en-US")
    assert sent.data["embeds"][0]["title"].startswith(LI_V_LIU_ZH)
    assert "完整解释" in labels(sent.data)


async def test_an_english_question_from_a_chinese_member_is_answered_in_english(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "Can AI art be copyrighted in China?")], locale="zh-CN")
    embed = sent.data["embeds"][0]
    assert "Not legal advice" in embed["footer"]["text"] and "Full explanation" in labels(sent.data)
    assert not any(cid.endswith(":zh") for cid in custom_ids(sent.data))


async def test_a_mixed_question_goes_by_the_members_locale_then_the_servers(harness: Harness) -> None:
    mixed = "Li v Liu 案"
    by_member = await harness.slash("ask", [option("question", mixed)], locale="zh-CN")
    assert by_member.data["embeds"][0]["title"].startswith(LI_V_LIU_ZH)
    by_server = await harness.slash("ask", [option("question", mixed)], locale="fr", guild_locale="zh-CN")
    assert by_server.data["embeds"][0]["title"].startswith(LI_V_LIU_ZH)
    english = await harness.slash("ask", [option("question", mixed)], locale="en-US", guild_locale="zh-CN")
    assert "Not legal advice" in english.data["embeds"][0]["footer"]["text"]


async def test_full_explanation_of_a_chinese_answer_is_the_chinese_body_whoever_clicks(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", CHINESE_QUESTION)], locale="zh-CN")
    full = await harness.click(harness.message_of(sent), "kb:full:cn-li-v-liu:zh", locale="en-US")
    entry = harness.services.knowledge.entries["cn-li-v-liu"]
    embed = full.data["embeds"][0]
    assert full.ephemeral and embed["title"] == entry.title_zh
    assert embed["description"][:60] == entry.body_zh[:60]
    vote = await harness.click(harness.message_of(sent), "kb:vote:cn-li-v-liu:up:zh")
    assert vote.data["content"] == "谢谢，已记录你的反馈。"
    assert await harness.services.community.votes("cn-li-v-liu") == {"cn-li-v-liu": (1, 0)}


async def test_case_and_compare_for_a_chinese_member(harness: Harness) -> None:
    case = await harness.slash("case", [option("name", "cn-li-v-liu")], locale="zh-CN")
    embed = case.data["embeds"][0]
    assert embed["title"].startswith(LI_V_LIU_ZH) and "2023年11月27日" in embed_text(embed)
    assert embed["footer"]["text"].startswith("不构成法律意见")

    compare = await harness.slash("compare", locale="zh-CN")
    embed = compare.data["embeds"][0]
    topic = harness.services.knowledge.entries[custom_ids(compare.data)[0].split(":")[2]]
    assert embed["title"] == topic.title_zh
    sides = {f["name"]: f["value"] for f in embed["fields"] if f["name"].startswith(("🇨🇳", "🇺🇸"))}
    assert set(sides) == {"🇨🇳 中国", "🇺🇸 美国"}
    for side in topic.sides:
        assert side.text_zh and side.text_zh[:30] in sides["🇨🇳 中国" if side.jurisdiction == "CN" else "🇺🇸 美国"]
    assert labels(compare.data)[0] == "完整解释"


async def test_english_case_and_compare_stay_english(harness: Harness) -> None:
    case = await harness.slash("case", [option("name", "cn-li-v-liu")])
    embed = case.data["embeds"][0]
    assert embed["title"] == harness.services.knowledge.entries["cn-li-v-liu"].title
    assert "Beijing Internet Court" in embed_text(embed) and "2023-11-27" in embed_text(embed)
    compare = await harness.slash("compare")
    names = [f["name"] for f in compare.data["embeds"][0]["fields"]]
    assert "🇨🇳 China" in names and "🇺🇸 United States" in names


async def test_a_chinese_decline(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "今天晚饭吃什么好呢？")], locale="zh-CN")
    embed = sent.data["embeds"][0]
    assert embed["title"] == "没有可靠的答案" and "不作猜测" in embed["description"]
    assert embed["footer"]["text"] == "不构成法律意见"


async def test_lists_about_and_cite_for_a_chinese_member(harness: Harness) -> None:
    cases = await harness.slash("cases", [option("jurisdiction", "CN")], locale="zh-CN")
    embed = cases.data["embeds"][0]
    assert embed["title"].startswith("知识库：") and "中国 · " in embed["description"]
    assert embed["footer"]["text"].startswith("第 1 / ")
    about = await harness.slash("about", locale="zh-CN")
    embed = about.data["embeds"][0]
    assert embed["title"] == "关于本机器人" and "不构成法律意见" in embed["footer"]["text"]
    cite = await harness.slash("cite", [option("name", "cn-li-v-liu")], locale="zh-CN")
    assert "北京互联网法院" in cite.data["content"] and "2023年11月27日" in cite.data["content"]
    unknown = await harness.slash("case", [option("name", "zzzz qqqq")], guild_locale="zh-CN", locale="fr")
    assert unknown.data["content"].startswith("找不到这个名称的案例")
    near = await harness.slash("case", [option("name", "li v liuu")], locale="zh-CN")
    assert near.data["content"] == "找不到这个名称的案例。你是不是要找："
    assert LI_V_LIU_ZH[:20] in " ".join(labels(near.data)) and all(cid.endswith(":zh") for cid in custom_ids(near.data))


async def test_a_chinese_mention_is_answered_in_chinese(harness: Harness) -> None:
    bot_id = harness.bot.user.id  # type: ignore[union-attr]
    reply = await harness.say(f"<@{bot_id}> {CHINESE_QUESTION}", mention_bot=True)
    assert reply is not None and reply.data["embeds"][0]["title"].startswith(LI_V_LIU_ZH)


@pytest.mark.parametrize("guild_locale", ["zh-CN"])
async def test_in_a_chinese_server_a_mixed_mention_and_an_empty_one_get_chinese(harness: Harness) -> None:
    bot_id = harness.bot.user.id  # type: ignore[union-attr]
    reply = await harness.say(f"<@{bot_id}> Li v Liu 案?", mention_bot=True)
    assert reply is not None and reply.data["embeds"][0]["title"].startswith(LI_V_LIU_ZH)
    empty = await harness.say(f"<@{bot_id}>", mention_bot=True)
    assert empty is not None and empty.data["content"].startswith("请输入问题")
    english = await harness.say(f"<@{bot_id}> Can AI art be copyrighted in China?", mention_bot=True)
    assert english is not None and "Not legal advice" in english.data["embeds"][0]["footer"]["text"]


async def test_in_an_english_server_a_mixed_mention_gets_english(harness: Harness) -> None:
    bot_id = harness.bot.user.id  # type: ignore[union-attr]
    reply = await harness.say(f"<@{bot_id}> Li v Liu 案?", mention_bot=True)
    assert reply is not None and "Not legal advice" in reply.data["embeds"][0]["footer"]["text"]


async def test_the_uploaded_tree_describes_ask_and_case_options_in_chinese(harness: Harness) -> None:
    tree = {command["name"]: command for command in harness.fake.synced[0]["commands"]}
    question = tree["ask"]["options"][0]
    name = tree["case"]["options"][0]
    assert question["description_localizations"]["zh-CN"] == "你的问题（中文或英文）"
    assert name["description_localizations"]["zh-CN"] == "案例名称、当事人、法院或别名"
    assert question["name_localizations"]["zh-CN"] == "问题" and question["name"] == "question"
    assert tree["timeline"]["description_localizations"]["zh-CN"] == "以时间轴图片展示裁判与文件"
    choices = {c["value"]: c for c in tree["cases"]["options"][0]["choices"]}
    assert choices["CN"]["name_localizations"]["zh-CN"] == "中国"


async def test_timeline_attaches_a_png_and_draws_it_once(harness: Harness) -> None:
    first = await harness.slash("timeline")
    png = first.body["_files"]["timeline.png"]
    assert png.startswith(PNG_SIGNATURE) and 10_000 < len(png) < 8 * 1024 * 1024
    assert "items, facts as of" in first.body["content"]
    again = await harness.slash("timeline")
    assert again.body["_files"]["timeline.png"] == png
    assert harness.services.timeline.drawn == 1
    only_us = await harness.slash("timeline", [option("jurisdiction", "US")], locale="zh-CN")
    assert only_us.body["_files"]["timeline.png"].startswith(PNG_SIGNATURE)
    assert only_us.body["content"].startswith("共 ") and harness.services.timeline.drawn == 2


def _described(options: list[dict], path: list[str]) -> list[tuple[str, dict]]:
    """Every option (subcommands and groups included) under a command, with its qualified path."""
    found = []
    for item in options or []:
        found.append((" ".join([*path, item["name"]]), item))
        found += _described(item.get("options") or [], [*path, item["name"]])
    return found


async def test_every_uploaded_text_has_chinese_and_its_english_is_the_catalogues(harness: Harness) -> None:
    """The translator finds texts by context: every description and choice of the tree it uploaded has zh-CN,
    and the English in the cogs is the English catalogue's (so the two cannot drift apart unnoticed)."""
    from bot.i18n import messages
    from bot.i18n.commands import description_ids

    english, missing, drifted = messages("en"), [], []
    for command in harness.fake.synced[0]["commands"]:
        items = [(command["name"], command), *_described(command.get("options") or [], [command["name"]])]
        for path, item in items:
            if not (item.get("description_localizations") or {}).get("zh-CN"):
                missing.append(path)
            missing += [f"{path}={c['value']}" for c in item.get("choices") or [] if not c.get("name_localizations")]
            if item.get("type") in (None, 1, 2):  # a command, subcommand or group: its own description id
                ids = description_ids(path)
            else:
                owner, _, name = path.rpartition(" ")
                ids = description_ids(owner, name)
            if english.first(*ids) != item["description"]:
                drifted.append(path)
    assert missing == [] and drifted == []
