"""zh-CN names and descriptions for the slash commands (Discord shows them to Chinese-language clients)."""

import discord
from discord import app_commands

ZH_CN: dict[str, str] = {
    "Ask a question about AI and copyright": "询问有关人工智能与版权的问题",
    "Your question, in English or Chinese": "你的问题（中文或英文）",
    "Look up one case or document by name": "按名称查找案例或文件",
    "Case name, party, court or alias": "案例名称、当事人、法院或别名",
    "China vs the US (or another topic) side by side": "中美对比（或其他主题）",
    "Topic to compare (default: the China-US split)": "要比较的主题（默认：中美分歧）",
    "List the cases and documents in the knowledge base": "列出知识库中的案例和文件",
    "Only this jurisdiction": "仅限该法域",
    "Only this kind of entry": "仅限该类型",
    "A citation ready to paste": "可直接粘贴的引用",
    "Citation style": "引用格式",
    "What this bot is, its sources, and that it is not legal advice": "关于本机器人、来源及免责声明",
    "Bot settings for this server": "本服务器的机器人设置",
    "Channels where the bot answers questions without a mention": "无需提及即可回答问题的频道",
    "Answer questions in a channel": "在某频道回答问题",
    "Stop answering questions in a channel": "停止在某频道回答问题",
    "The channel": "频道",
    "Keep the knowledge base current (editors only)": "维护知识库（仅限编辑）",
    "Add an entry (a form follows; it must name a source)": "添加条目（随后填写表单，必须注明来源）",
    "Edit an entry's text (a form filled with the current text)": "编辑条目文本（表单预填当前内容）",
    "Remove an entry from answers (it can be restored)": "删除条目（可恢复）",
    "Bring a deleted entry back": "恢复已删除的条目",
    "Who changed an entry, when, why and what": "条目的修改历史",
    "Restore an earlier revision (as a new revision)": "回退到早先的版本（作为新版本）",
    "Add or remove an alias": "添加或删除别名",
    "Add an alias (a name people use for the entry)": "添加别名",
    "Remove an alias": "删除别名",
    "Add or remove a question phrasing": "添加或删除问法",
    "Add a way people ask about the entry": "添加一种问法",
    "Remove a question phrasing": "删除问法",
    "Add or remove a citation": "添加或删除引用",
    "Add a citation: court, date, docket (or -), https link": "添加引用：法院、日期、案号（或 -）、https 链接",
    "Remove a citation by its number (1 = the first)": "按编号删除引用（1 为第一条）",
    "The whole knowledge base as a zip of knowledge files": "以压缩包导出整个知识库",
    "Import a knowledge zip: a dry run first, then confirm": "导入知识库压缩包：先预演，再确认",
    "What people asked that the bot could not answer, most asked first": "机器人未能回答的问题（按次数排序）",
    "Entries with the most 'not helpful' votes": "“没帮助”票数最多的条目",
    "Post every knowledge change to a channel": "将每次知识库修改发布到频道",
    "The channel (leave out to stop posting)": "频道（留空则停止发布）",
    "New id, e.g. us-new-case": "新 id，例如 us-new-case",
    "Where it applies": "适用法域",
    "What it is": "类型",
    "The entry (id, title or alias)": "条目（id、标题或别名）",
    "Why (kept in the history)": "原因（记入历史）",
    "The text": "文本",
    "Court or body": "法院或机构",
    "Date: YYYY-MM-DD, YYYY-MM or YYYY": "日期：YYYY-MM-DD、YYYY-MM 或 YYYY",
    "Docket or official citation (- for none)": "案号或正式引注（无则填 -）",
    "An https link to the source": "来源的 https 链接",
    "Citation number (1 = the first)": "引用编号（1 为第一条）",
    "Revision number (see /kb history)": "版本号（见 /kb history）",
    "A zip made by /kb export": "由 /kb export 生成的压缩包",
    "Record where a matter stands now (also marks it checked today)": "记录事项的最新状态（同时标记为今天已核实）",
    "Open matters (pending, awaiting approval, consultation) not checked lately": (
        "近期未核实的未决事项（审理中、待批准、征求意见中）"
    ),
    "Where the matter stands now": "事项目前的状态",
    "For an open matter: what is still open, and since when": "未决事项：尚待解决的内容及起始时间",
    "Days without a check that count as stale (default 90)": "超过多少天未核实视为过时（默认 90）",
    "question": "问题",
    "name": "名称",
    "topic": "主题",
    "jurisdiction": "法域",
    "kind": "类型",
    "style": "格式",
    "channel": "频道",
    "ask": "提问",
    "case": "案例",
    "compare": "比较",
    "cases": "案例列表",
    "cite": "引用",
    "about": "关于",
    "settings": "设置",
    "answer-channel": "回答频道",
    "add": "添加",
    "remove": "移除",
}

# Command and option names must stay lowercase ASCII-friendly identifiers for scripts; Discord accepts
# localised names, but we localise only descriptions and option display texts to keep /ask typeable.
NAMES_KEPT = {
    "ask",
    "case",
    "compare",
    "cases",
    "cite",
    "about",
    "settings",
    "answer-channel",
    "audit-channel",
    "add",
    "remove",
    "kb",
    "edit",
    "delete",
    "restore",
    "history",
    "revert",
    "alias",
    "question",
    "export",
    "import",
    "gaps",
    "feedback",
    "stale",
    "status",
}


class Translator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        if locale is not discord.Locale.chinese:
            return None
        if string.message in NAMES_KEPT:
            return None
        return ZH_CN.get(string.message)
