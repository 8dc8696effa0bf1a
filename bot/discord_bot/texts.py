"""Fixed interface texts in English and Simplified Chinese (knowledge entries themselves are English)."""

TEXTS: dict[str, dict[str, str]] = {
    "full": {"en-US": "Full explanation", "zh-CN": "完整解释"},
    "helpful": {"en-US": "Helpful", "zh-CN": "有帮助"},
    "not_helpful": {"en-US": "Not helpful", "zh-CN": "没帮助"},
    "related": {"en-US": "Related entries", "zh-CN": "相关条目"},
    "sources": {"en-US": "Sources", "zh-CN": "来源"},
    "more_sources": {"en-US": "More sources", "zh-CN": "更多来源"},
    "not_advice": {"en-US": "Not legal advice", "zh-CN": "不构成法律意见"},
    "as_of": {"en-US": "facts as of {date}", "zh-CN": "事实核对于 {date}"},
    "confidence": {"en-US": "match {value:.0%}", "zh-CN": "匹配度 {value:.0%}"},
    "decline_title": {"en-US": "No confident answer", "zh-CN": "没有可靠的答案"},
    "cases_title": {"en-US": "Knowledge base: {count} entries", "zh-CN": "知识库：{count} 个条目"},
    "cases_empty": {"en-US": "Nothing matches these filters.", "zh-CN": "没有符合条件的条目。"},
    "page": {"en-US": "Page {page} of {pages}", "zh-CN": "第 {page} / {pages} 页"},
    "about_title": {"en-US": "About this bot", "zh-CN": "关于本机器人"},
    "about_body": {
        "en-US": "I answer questions about AI and copyright (China, the US and other countries) from a curated "
        "knowledge base of rulings and official documents, and I always cite my sources. Ask with /ask, "
        "look a case up with /case, or mention me. I give general information, not legal advice.",
        "zh-CN": "我根据整理过的判决和官方文件回答关于人工智能与版权的问题（中国、美国及其他国家），并始终注明来源。"
        "使用 /ask 提问，用 /case 查找案例，或直接提及我。内容仅供参考，不构成法律意见。",
    },
    "about_size": {"en-US": "Entries", "zh-CN": "条目数"},
    "about_as_of": {"en-US": "Facts checked as of", "zh-CN": "事实核对日期"},
    "about_places": {"en-US": "Jurisdictions", "zh-CN": "法域"},
    "vote_thanks": {"en-US": "Thanks, your vote is recorded.", "zh-CN": "谢谢，已记录你的反馈。"},
    "vote_failed": {
        "en-US": "Your vote could not be recorded right now; please try again later.",
        "zh-CN": "暂时无法记录你的反馈，请稍后再试。",
    },
    "gone": {"en-US": "That entry is no longer in the knowledge base.", "zh-CN": "该条目已不在知识库中。"},
    "unknown_case": {"en-US": "I don't know a case by that name.", "zh-CN": "找不到这个名称的案例。"},
    "did_you_mean": {"en-US": "Did you mean one of these?", "zh-CN": "你是不是要找："},
    "not_yours": {
        "en-US": "Only the person who ran the command can turn these pages.",
        "zh-CN": "只有发起命令的人可以翻页。",
    },
    "cooldown": {"en-US": "Slow down a little: try again in {seconds:.0f}s.", "zh-CN": "请稍候 {seconds:.0f} 秒再试。"},
    "error": {"en-US": "Something went wrong on my side; please try again.", "zh-CN": "出了点问题，请稍后再试。"},
    "empty_question": {
        "en-US": "Please ask a question, e.g. /ask Can AI art be copyrighted in China?",
        "zh-CN": "请输入问题。",
    },
    "no_permission": {"en-US": "You need the Manage Server permission for that.", "zh-CN": "需要“管理服务器”权限。"},
    "guild_only": {"en-US": "This command only works in a server.", "zh-CN": "此命令只能在服务器中使用。"},
    "channel_added": {"en-US": "I will answer questions in {channel}.", "zh-CN": "我会在 {channel} 回答问题。"},
    "channel_removed": {"en-US": "I will no longer answer in {channel}.", "zh-CN": "我不再在 {channel} 回答问题。"},
    "no_topic": {"en-US": "I have no comparison on that topic.", "zh-CN": "没有该主题的比较。"},
}


def text(key: str, locale: str = "en-US") -> str:
    """The text for a locale; any Chinese locale gets Chinese, everything else English."""
    choices = TEXTS[key]
    return choices["zh-CN"] if str(locale).startswith("zh") else choices["en-US"]
