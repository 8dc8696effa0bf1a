"""/case with autocomplete, /compare, /cases with pagination, /cite and /about, through the fake Discord."""

from tests.discord.conftest import Harness


def option(name: str, value: str, kind: int = 3) -> dict:
    return {"name": name, "type": kind, "value": value}


async def test_case_by_id_alias_or_title(harness: Harness) -> None:
    for name in ("us-zarya", "Kashtanova", "zarya  OF the dawn"):
        sent = await harness.slash("case", [option("name", name)])
        assert not sent.ephemeral and "Zarya" in sent.data["embeds"][0]["title"], name


async def test_autocomplete_is_fuzzy_and_within_limits(harness: Harness) -> None:
    choices = await harness.autocomplete("case", "name", "thalr perlmuter")
    assert 0 < len(choices) <= 25
    assert choices[0]["value"] == "us-thaler-v-perlmutter"
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert len(await harness.autocomplete("case", "name", "")) == 25
    chinese = await harness.autocomplete("cite", "name", "奥特曼")
    assert chinese and chinese[0]["value"].startswith("cn-ultraman")


async def test_unknown_case_offers_did_you_mean_buttons(harness: Harness) -> None:
    sent = await harness.slash("case", [option("name", "the monkey selfie thing")])
    assert sent.ephemeral and "Did you mean" in sent.data["content"]
    ids = [c["custom_id"] for row in sent.data["components"] for c in row["components"]]
    assert "kb:suggest:us-naruto" in ids and len(ids) <= 3
    clicked = await harness.click(harness.message_of(sent), "kb:suggest:us-naruto")
    assert "Naruto" in clicked.data["embeds"][0]["title"]


async def test_compare_shows_a_china_and_a_us_side(harness: Harness) -> None:
    sent = await harness.slash("compare")
    fields = {f["name"]: f["value"] for f in sent.data["embeds"][0]["fields"]}
    china = next(v for k, v in fields.items() if "China" in k)
    us = next(v for k, v in fields.items() if "United States" in k)
    assert "https://" in china and "https://" in us
    assert ("bjinternetcourt" in china and "uscourts.gov" in us) or "copyright.gov" in us
    other = await harness.slash("compare", [option("topic", "topic-tdm-outside-us")])
    assert len(other.data["embeds"][0]["fields"]) >= 3
    missing = await harness.slash("compare", [option("topic", "us-naruto")])
    assert missing.ephemeral


async def test_cases_pages_belong_to_the_caller(harness: Harness) -> None:
    owner, stranger = harness.new_user(), harness.new_user()
    sent = await harness.slash("cases", user_id=owner)
    assert "Page 1 of" in sent.data["embeds"][0]["footer"]["text"]
    message = harness.message_of(sent)
    next_id = sent.data["components"][0]["components"][1]["custom_id"]
    refused = await harness.click(message, next_id, user_id=stranger)
    assert refused.body["type"] == 4 and refused.ephemeral and "Only the person" in refused.data["content"]
    turned = await harness.click(message, next_id, user_id=owner)
    assert turned.body["type"] == 7 and "Page 2 of" in turned.data["embeds"][0]["footer"]["text"]
    filtered = await harness.slash("cases", [option("jurisdiction", "JP"), option("kind", "statute")])
    assert "jp-art-30-4" in filtered.data["embeds"][0]["description"]
    assert "Page 1 of 1" in filtered.data["embeds"][0]["footer"]["text"]


async def test_cite_styles(harness: Harness) -> None:
    us = await harness.slash("cite", [option("name", "us-thaler-v-perlmutter")])
    assert "*Thaler v. Perlmutter*, 130 F.4th 1039 (D.C. Cir. 2025)." in us.data["content"]
    unreported = await harness.slash("cite", [option("name", "us-kadrey-v-meta")])
    assert "3:23-cv-03417-VC" in unreported.data["content"] and "2025" in unreported.data["content"]
    cn = await harness.slash("cite", [option("name", "cn-li-v-liu")])
    assert "(2023)京0491民初11279号" in cn.data["content"] and "2023-11-27" in cn.data["content"]
    link = await harness.slash("cite", [option("name", "cn-li-v-liu"), option("style", "link")])
    assert "https://english.bjinternetcourt.gov.cn/2024-02/28/c_695.htm" in link.data["content"]


async def test_about_states_size_date_and_not_legal_advice(harness: Harness) -> None:
    sent = await harness.slash("about")
    embed = sent.data["embeds"][0]
    assert "not legal advice" in embed["description"]
    assert str(len(harness.services.knowledge.entries)) in str(embed["fields"])


async def test_chinese_locale_gets_chinese_labels(harness: Harness) -> None:
    sent = await harness.slash("ask", [option("question", "春风送来了温柔这个案子")], locale="zh-CN")
    labels = [c.get("label") for row in sent.data["components"] for c in row["components"] if c.get("label")]
    assert "完整解释" in labels
