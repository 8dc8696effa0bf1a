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
NAMES_KEPT = {"ask", "case", "compare", "cases", "cite", "about", "settings", "answer-channel", "add", "remove"}


class Translator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        if locale is not discord.Locale.chinese:
            return None
        if string.message in NAMES_KEPT:
            return None
        return ZH_CN.get(string.message)
