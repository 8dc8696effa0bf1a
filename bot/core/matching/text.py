"""Turning chat text into comparable tokens, and reading cues (jurisdiction, comparison) from it."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[a-z0-9]+")
_NOT_TEXT = re.compile(f"[^a-z0-9{_CJK}]+")

# Chat spellings and plain synonyms people use for the same thing; applied per word, never per question.
CHAT_WORDS = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "y": "why",
    "pls": "please",
    "plz": "please",
    "wat": "what",
    "wats": "what",
    "whats": "what",
    "abt": "about",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "n": "and",
    "thx": "thanks",
    "ppl": "people",
    "govt": "government",
    "gov": "government",
    "im": "i",
    "dont": "do",
    "doesnt": "does",
    "cant": "can",
    "wont": "will",
    "isnt": "is",
    "didnt": "did",
    "gonna": "going",
    "wanna": "want",
    "gotta": "got",
    "tho": "though",
    "rn": "now",
    "idk": "know",
    "pic": "image",
    "pics": "image",
    "picture": "image",
    "pictures": "image",
    "img": "image",
    "imgs": "image",
    "images": "image",
    "artwork": "image",
    "artworks": "image",
    "drawing": "image",
    "drawings": "image",
    "painting": "image",
    "paintings": "image",
    "illustration": "image",
    "illustrations": "image",
    "copywrite": "copyright",
    "copyrite": "copyright",
    "copywright": "copyright",
    "copyrights": "copyright",
    "copyrighted": "copyright",
    "copyrightable": "copyright",
    "copyrightability": "copyright",
    "vs": "v",
    "versus": "v",
    "ai's": "ai",
    "a.i": "ai",
    "genai": "generative",
    "sued": "sue",
    "sues": "sue",
    "suing": "sue",
    "sueing": "sue",
    "lawsuit": "sue",
    "lawsuits": "sue",
    "appealed": "appeal",
    "appeals": "appeal",
    "apealed": "appeal",
    "apeal": "appeal",
    "judgement": "judgment",
    "ruling": "judgment",
    "rulings": "judgment",
    "verdict": "judgment",
    "decision": "judgment",
    "decisions": "judgment",
    "usco": "copyrightoffice",
    # People call the AI many things; in this subject they mean the same party.
    "software": "ai",
    "program": "ai",
    "machine": "ai",
    "computer": "ai",
    "algorithm": "ai",
    "robot": "ai",
}

# The same thing in the Chinese users type (see the glossary): one spelling each, so that their bigrams meet.
CJK_SYNONYMS = {
    "版权": "著作权",
    "绘画": "图片",
    "画作": "图片",
    "图像": "图片",
    "画图": "图片",
    "作画": "图片",
    "官司": "起诉",
    "状告": "起诉",
}
# Words that hold a synonym's characters without being it ("漫画图片" is a comic's picture, not "画图"): matched
# first, as themselves, so that no synonym is read across their boundary.
CJK_KEPT = ("漫画", "动画", "画面", "画家", "画风", "画师", "画廊", "油画", "壁画", "国画", "版画", "插画")
_CJK_SYNONYM_RE = re.compile("|".join((*CJK_KEPT, *CJK_SYNONYMS)))

STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being am do does "
    "did done doing have has had having it its this that these those there here what which who whom whose "
    "when where why how i me my we our you your he him his she her they them their can could would should "
    "will shall may might must not no nor so than too very just also about any some all each more most "
    "such only own same then once again further into out over under up down off above below between "
    "through during before after while because until both few other please thanks know going want got "
    "like really even still now though ok okay hey hi yo guys anyone someone something thing things stuff "
    "get gets one whoever whatever whichever whenever wherever however everyone everybody anybody somebody nobody "
    # what is left of contractions once the apostrophe is gone: can't, I'm, you're, we've, I'd, I'll
    "t s m re ve d ll".split()
)

# Words that place a question in this bot's subject: AI, authorship and copyright. Plain legal words
# (court, judge, sue, appeal) are not enough on their own: divorce and rent cases have them too.
DOMAIN_AI_WORDS = frozenset(
    "ai artificial generative generated generate generator aigc midjourney diffusion dalle chatgpt gpt llm llama "
    "lora model models training train trained dataset prompt prompts tdm mining".split()
)
DOMAIN_LAW_WORDS = frozenset(
    "copyright author authorship authored fair infringe infringement infringing copyrightoffice registration "
    "registrable originality".split()
)
DOMAIN_WORDS = DOMAIN_AI_WORDS | DOMAIN_LAW_WORDS
DOMAIN_AI_CJK = ("人工智能", "生成", "提示词", "模型", "训练")
DOMAIN_LAW_CJK = ("版权", "著作", "作品", "独创", "侵权", "法院", "判决", "案", "作者", "登记", "创作")
DOMAIN_CJK = DOMAIN_AI_CJK + DOMAIN_LAW_CJK

# A question from the neighbourhood usually names one side of the subject only (a tool's settings, a photo's owner)
# or neither. Which sides a question names is evidence for the fitted confidence (see confidence.py), never a gate:
# beyond the subject's own words above, the AI makers the entries are about and the words of any legal question.
AI_MAKERS = "openai anthropic suno udio claude gemini perplexity stability".split()
LEGAL_WORDS = (
    "court law legal sue lawsuit case judgment judge appeal act rule rules liable liability protect protected own "
    "owner owns rights"
).split()
LEGAL_CJK = ("法律", "起诉")

JURISDICTION_CUES: dict[str, tuple[str, ...]] = {
    "CN": (
        "china",
        "chinese",
        "prc",
        "beijing",
        "shanghai",
        "guangzhou",
        "hangzhou",
        "shenzhen",
        "suzhou",
        "jiangsu",
        "wuhan",
        "guangdong",
        "changshu",
        "zhangjiagang",
        "yingtan",
        "huangpu",
        "nanjing",
        "chengdu",
        "chongqing",
        "tianjin",
        "中国",
        "国内",
        "我国",
        "中美",  # China and the US, as one word ("中美对比")
        "北京",
        "上海",
        "广州",
        "杭州",
        "深圳",
        "苏州",
        "江苏",
        "武汉",
        "广东",
        "常熟",
        "张家港",
        "鹰潭",
        "黄浦",
        "南京",
        "成都",
        "重庆",
        "天津",
    ),
    "US": (
        "usa",
        "united states",
        "america",
        "american",
        "americans",
        "copyrightoffice",
        "federal",
        "california",
        "texas",
        "new york",
        "delaware",
        "美国",
        "美版",
        "中美",
    ),
    "UK": ("uk", "britain", "british", "england", "london", "英国"),
    "EU": ("eu", "europe", "european", "cjeu", "欧盟", "欧洲"),
    "DE": ("germany", "german", "munich", "hamburg", "德国"),
    "JP": ("japan", "japanese", "tokyo", "日本", "东京"),
    "CZ": ("czech", "prague", "捷克"),
    "IN": ("india", "indian", "delhi", "印度"),
    "KR": ("korea", "korean", "seoul", "韩国", "首尔"),
    "IT": ("italy", "italian", "rome", "意大利"),
    # Places the knowledge base has nothing on: naming one should count against every entry.
    "OTHER": (
        "france",
        "french",
        "canada",
        "canadian",
        "australia",
        "australian",
        "brazil",
        "spain",
        "spanish",
        "russia",
        "russian",
        "mexico",
        "法国",
        "加拿大",
        "澳大利亚",
        "台湾",
        "香港",
    ),
}
_US_ABBREVIATION = re.compile(r"(?<![A-Za-z])U\.?S\.?(?:A\.?)?(?![A-Za-z])")
COMPARISON_CUES = re.compile(
    r"\b(v|compared?|comparing|comparison|difference|differences|differ|different|versus|contrast|"
    r"split|diverge|same\s+way|similar|closer|both|while|whereas|unlike|vs|at\s+odds|conflicts?|conflicting|"
    r"disagrees?|agrees?|opposite|contradicts?|inconsistent|clash(?:es)?)\b|区别|不同|对比|比较|差异|分歧|一样|相反|冲突|矛盾"
)


_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
_POSSESSIVE = re.compile(r"['’]s\b")
_NOT_LINE_TEXT = re.compile(f"[^a-z0-9{_CJK}\n]+")
# For ASCII text (most of it) one bytes.translate replaces everything but a-z, 0-9 and line breaks.
_ASCII_KEEP = set(b"abcdefghijklmnopqrstuvwxyz0123456789\n")
_ASCII_TABLE = bytes(c if c in _ASCII_KEEP else 32 for c in range(256))


def _normalise_block(text: str) -> list[str]:
    """The shared steps over many lines at once, keeping line breaks; returns the normalised lines."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        text = text.casefold().replace("u.s.", " usa ")
        if "'" in text:
            text = _POSSESSIVE.sub(" ", text)
        text = text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    else:
        text = _MARKS.sub("", unicodedata.normalize("NFKD", _ZERO_WIDTH_RE.sub("", text)))
        text = _POSSESSIVE.sub(" ", text.casefold().replace("u.s.", " usa "))
        text = _NOT_LINE_TEXT.sub(" ", text)
        text = _CJK_SYNONYM_RE.sub(lambda m: CJK_SYNONYMS.get(m.group(0), m.group(0)), text)
    chat = CHAT_WORDS.get
    return [" ".join([chat(word, word) for word in line.split()]) for line in text.split("\n")]


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """NFKC, case folding, accents and punctuation removed, chat spellings mapped; CJK kept as is."""
    return _normalise_block(text.replace("\n", " "))[0]


@lru_cache(maxsize=65_536)
def normalise_word(raw: str) -> tuple[str, ...]:
    return tuple(_normalise_block(raw)[0].split())


def normalise_lines(texts: Iterable[str]) -> list[str]:
    """normalise() for many texts, word by word through a cache (splitting on white space first gives
    the same result, and texts repeat their words)."""
    words = normalise_word
    return [" ".join([n for raw in text.split() for n in words(raw)]) for text in texts]


def stem(word: str) -> str:
    """A light suffix trim so that 'images', 'imaged' and 'image' meet; fuzzy matching does the rest."""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # companies, policies: company, policy
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]  # presses, clashes, boxes: press, clash, box
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) > 6 and word.endswith("lly"):
        return word[:-2]  # legally, originally: legal, original
    return word


# Chinese characters that make grammar, not subject: particles, pronouns, question words, negations, modal and
# linking words. A bigram of two of them ("为什", "什么", "不给", "是不") is the Chinese of English stop words.
GRAMMAR_CJK = frozenset(
    "的了是在和与及或我你您他她它们这那哪个吗呢吧啊呀么什为怎样谁不没有会能可以要也都就还很把被给对从到让又再才只而但如果"
    "嘛啦些此其之所着过得该应当因算多少最后觉一"
)


def _grammar_pair(pair: str) -> bool:
    return pair[0] in GRAMMAR_CJK and pair[1] in GRAMMAR_CJK


# Words of the subject (the glossary's, and words around them): a character pair across the edge of one of them
# ("品著" of "作品著作权") is no word anyone means, and a rare one, so it must not decide.
_LEXICON_WORDS = """
著作权 著作权人 著作权法 著作权局 版权局 作品 独创性 智力成果 智力投入 作者 人工智能 生成式 生成 图片 提示词
关键词 参数 模型 大模型 训练 数据 训练数据 美术作品 文字作品 法人作品 署名权 信息网络传播权 复制权 改编权
侵权 侵害 合理使用 注意义务 避风港 平台 平台责任 服务提供者 判决 裁定 一审 二审 上诉 维持原判 驳回 赔偿 判赔
赔礼道歉 案号 互联网法院 人民法院 中级人民法院 法院 国家版权局 美国 中国 日本 英国 欧盟 德国 韩国 印度
人类作者 人类创作 创作 登记 保护 标识 用户 公司 法律 规定 办法 起诉 案件 案子 判例 新闻 音乐 歌曲 照片
小说 漫画 视频 声音 角色 报告 指南
"""
LEXICON_CJK = tuple(sorted(set(_LEXICON_WORDS.split()), key=len, reverse=True))  # longest first
_LEXICON_RE = re.compile("|".join(LEXICON_CJK))


def _edges(run: str) -> set[int]:
    """Positions i where a lexicon word starts or ends between run[i-1] and run[i]."""
    edges: set[int] = set()
    for match in _LEXICON_RE.finditer(run):
        edges.add(match.start())
        edges.add(match.end())
    return edges


@lru_cache(maxsize=200_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """The tokens of one normalised word: a stemmed Latin word, CJK character bigrams, or both when mixed."""
    if word.isascii():
        return () if word in STOPWORDS else (stem(word),)
    out: list[str] = []
    for run in _CJK_RUN.findall(word):
        if len(run) > 1:
            edges = _edges(run)
            out.extend(
                run[i : i + 2] for i in range(len(run) - 1) if not _grammar_pair(run[i : i + 2]) and i + 1 not in edges
            )
        elif run not in GRAMMAR_CJK:
            out.append(run)
    out.extend(stem(w) for w in _WORD.findall(word) if w not in STOPWORDS)
    return tuple(out)


def tokens(normalised: str) -> list[str]:
    """Latin words (stemmed, without stop words) and CJK character bigrams (single characters alone)."""
    return [token for word in normalised.split() for token in word_tokens(word)]


def is_cjk_token(token: str) -> bool:
    return bool(_CJK_RUN.fullmatch(token))


# Lower-case "us" is usually the pronoun; these contexts make it the country ("in the us", "us law").
_US_IN_CONTEXT = re.compile(
    r"\b(?:the|in|under|for|from) us\b(?! (?:to|and|a|an|with|if|know|out|here|all|some|what)\b)"
    r"|\bus (?:law|laws|court|courts|copyright|government|judge|judges|rules|system|version|side|approach)\b"
)


def jurisdictions_in(raw: str, normalised: str) -> set[str]:
    found = {code for code, cues in JURISDICTION_CUES.items() if _has_cue(normalised, cues)}
    if _US_ABBREVIATION.search(raw) or " usa " in f" {normalised} " or _US_IN_CONTEXT.search(normalised):
        found.add("US")
    return found


_BUT = r"(?:outside|besides|beside|other than|apart from|aside from|except|except for|excluding)"
_AND = r"(?:\s+(?:and|or|nor)\s+|\s*[,、和与及]\s*)"
_CJK_BUT = r"除了?|除去"
_CJK_OUTSIDE = r"以外|之外|外的"


# Words after a place that make it the place's law or institution ("the UK report", "japanese law"): the place asked
# about, not one left out or one a story merely tells of.
PLACE_THINGS = (
    "report court law act case ruling judgment government office copyright bill guidance consultation decision "
    "lawsuit rule"
).split()


@lru_cache(maxsize=1)
def _excluded_pattern() -> re.Pattern[str]:
    latin = sorted({cue for cues in JURISDICTION_CUES.values() for cue in cues if cue.isascii()} | {"us"}, key=len)
    cjk = sorted({cue for cues in JURISDICTION_CUES.values() for cue in cues if not cue.isascii()}, key=len)
    # ... but not a place that qualifies a thing ("besides the UK report" is about the UK).
    thing = r"(?!\s+(?:" + "|".join(PLACE_THINGS) + r")s?\b)"
    one = r"(?:the\s+)?(?:" + "|".join(re.escape(c) for c in reversed(latin)) + r")\b" + thing
    han = "(?:" + "|".join(re.escape(c) for c in reversed(cjk)) + ")"
    return re.compile(
        rf"\b{_BUT}\s+(?:of\s+)?(?P<latin>{one}(?:{_AND}{one})*)"
        rf"|(?:{_CJK_BUT})(?P<han>{han}(?:{_AND}{han})*)"
        rf"|(?P<before>{han}(?:{_AND}{han})*)(?:{_CJK_OUTSIDE})"
    )


def excluded_places(normalised: str) -> set[str]:
    """Places a question names only to leave out ("outside America", "除了中国和美国以外"): it asks about the
    others, so an entry about them alone answers something else."""
    out: set[str] = set()
    for match in _excluded_pattern().finditer(normalised):
        named = " ".join(part for part in match.groups() if part)
        out |= {code for code, cues in JURISDICTION_CUES.items() if _has_cue(named, cues)}
        if " us " in f" {named} ":  # "us" is a cue only here, where it cannot be the pronoun
            out.add("US")
    return out


def _has_cue(normalised: str, cues: tuple[str, ...]) -> bool:
    padded = f" {normalised} "
    return any((cue in normalised) if not cue.isascii() else (f" {cue} " in padded) for cue in cues)


_MONTHS = (
    "january february march april may june july august september october november december".split(),
    "jan feb mar apr may jun jul aug sep oct nov dec".split(),
)
_MONTH_NUMBER = {name: i + 1 for names in _MONTHS for i, name in enumerate(names)} | {"sept": 9}
_EN_DATE = re.compile(r"\b(?:(" + "|".join(_MONTH_NUMBER) + r")\s+)?((?:19[89]|20[0-4])\d)\b")
_ZH_DATE = re.compile(r"((?:19[89]|20[0-4])\d)\s*年(?:\s*(1[0-2]|[1-9])\s*月)?")


def dates_in(normalised: str) -> frozenset[str]:
    """Years and months the question names ("january 2025", "2025年1月", "in 2024"), as YYYY or YYYY-MM."""
    found: set[str] = set()
    for month, year in _EN_DATE.findall(normalised):
        found.add(year)
        if month:
            found.add(f"{year}-{_MONTH_NUMBER[month]:02d}")
    for year, month in _ZH_DATE.findall(normalised):
        found.add(year)
        if month:
            found.add(f"{year}-{int(month):02d}")
    return frozenset(found)


def asks_comparison(normalised: str) -> bool:
    return bool(COMPARISON_CUES.search(normalised))


# Cues that name a body, not a place, and words of multi-word cues that mean nothing alone.
_NOT_PLACES = frozenset({"copyrightoffice", "federal", "new", "york"})


@lru_cache(maxsize=1)
def place_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The place names of the jurisdiction cues: Latin words, and Chinese names (longest first)."""
    cues = [cue for group in JURISDICTION_CUES.values() for cue in group]
    latin = {w for cue in cues if cue.isascii() for w in cue.split()} - _NOT_PLACES | {"us", "united", "states"}
    cjk = sorted({cue for cue in cues if not cue.isascii()}, key=len, reverse=True)
    return frozenset(latin), tuple(cjk)


@lru_cache(maxsize=1)
def place_tokens() -> frozenset[str]:
    """Tokens of the place names: a place is weighed by the jurisdiction factors, not as a rare word."""
    latin, cjk = place_words()
    return frozenset(token for name in (*latin, *cjk) for token in tokens(normalise(name)))


@lru_cache(maxsize=1)
def _place_word_codes() -> dict[str, frozenset[str]]:
    """The jurisdictions each word (or Chinese name) of a place cue names."""
    codes: dict[str, set[str]] = {}
    for code, cues in JURISDICTION_CUES.items():
        for cue in (*cues, *(("us", "united states") if code == "US" else ())):
            for word in cue.split() if cue.isascii() else (cue,):
                codes.setdefault(word, set()).add(code)
    return {word: frozenset(found) for word, found in codes.items()}


# Names of whole jurisdictions (not their cities and regions, which also name courts and so cases).
COUNTRY_NAMES = (
    "china chinese prc 中国 国内 我国 us usa united states america american americans uk britain british england "
    "英国 eu europe european 欧盟 欧洲 germany german 德国 japan japanese 日本 czech 捷克 india indian 印度 korea "
    "korean 韩国 italy italian 意大利 美国 中美"
).split()


@lru_cache(maxsize=1)
def place_codes() -> dict[str, frozenset[str]]:
    """The jurisdictions each token of a country's name names: an entry holds the country by being about it, not
    by spelling it ("the United States" and "the US" are the same place)."""
    names = place_tokens()
    codes: dict[str, set[str]] = {}
    for word, found in _place_word_codes().items():
        if word in COUNTRY_NAMES:
            for token in tokens(normalise(word)):
                if token in names:
                    codes.setdefault(token, set()).update(found)
    return {token: frozenset(found) for token, found in codes.items()}


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    latin, cjk = place_words()
    return re.compile(r"\b(?:" + "|".join(sorted(latin)) + r")\b|" + "|".join(cjk))


PLACE = "___"  # stands for any place name (normalised text has no "_", so nothing else reads the same)


def without_places(normalised: str) -> str:
    """The text with each place name (a run of them) replaced by one placeholder, so that phrase likeness is
    about what is asked, not where; but a phrasing that names a place is still less like a question that
    names none ("can AI art be copyrighted in Japan" against "can AI art be copyrighted")."""
    words = _place_pattern().sub(f" {PLACE} ", normalised).split()
    return " ".join(w for i, w in enumerate(words) if not (i and w == words[i - 1] == PLACE))


def _vocabulary(words: Iterable[str], cjk: Iterable[str]) -> frozenset[str]:
    """The tokens of a list of English words and Chinese words."""
    return frozenset(tokens(normalise(" ".join(sorted(words))))) | {token for cue in cjk for token in word_tokens(cue)}


@lru_cache(maxsize=1)
def domain_floor() -> frozenset[str]:
    """Tokens of the AI and copyright vocabulary that count as the subject even if no entry uses them."""
    return _vocabulary(DOMAIN_WORDS, DOMAIN_CJK)


@lru_cache(maxsize=1)
def subject_sides() -> tuple[frozenset[str], frozenset[str]]:
    """The tokens that name the AI side of the subject, and those that name its legal side."""
    return (
        _vocabulary((*DOMAIN_AI_WORDS, *AI_MAKERS), DOMAIN_AI_CJK),
        _vocabulary((*DOMAIN_LAW_WORDS, *LEGAL_WORDS), (*DOMAIN_LAW_CJK, *LEGAL_CJK)),
    )


@lru_cache(maxsize=1)
def _plain_neighbours() -> frozenset[str]:
    """Words beside a place that make it the place asked about ("japanese law"), or that every question of the
    subject holds ("japanese ai"): such a pair tells nothing of a story."""
    law_zh = ("法院", "法律", "政府", "案件", "判决", "版权", "著作", "规定", "法规")
    return frozenset(tokens(normalise(" ".join(PLACE_THINGS)))) | domain_floor() | frozenset(law_zh)


def place_neighbours(normalised: str) -> frozenset[tuple[str, str]]:
    """(jurisdiction, word) for each place named beside a word of substance: "a famous japanese superhero" gives
    (JP, famous) and (JP, superhero). Where an entry's own phrasing names a place in the same words, the place is
    part of the story it tells (the hero is Japanese, the case Chinese), not a place the question asks about."""
    latin, cjk = place_words()
    codes, plain = _place_word_codes(), _plain_neighbours()
    out: set[tuple[str, str]] = set()
    words = normalised.split()
    for i, word in enumerate(words):
        if word not in latin:
            continue
        for near in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""):
            if near and near not in latin and near not in STOPWORDS:
                found = [token for token in word_tokens(near) if token not in plain]
                out |= {(code, token) for code in codes.get(word, ()) for token in found}
    if not _CJK_RUN.search(normalised):
        return frozenset(out)
    for match in _cjk_place_pattern().finditer(normalised):
        start, end = match.span()
        for near in (normalised[end : end + 2], normalised[max(0, start - 2) : start]):
            # Two characters of a word (not grammar, not a place, not the subject's) beside the name.
            if len(near) == 2 and near not in cjk and near not in plain and tokens(near) == [near]:
                out |= {(code, near) for code in codes.get(match.group(), ())}
    return frozenset(out)


@lru_cache(maxsize=1)
def _cjk_place_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, place_words()[1])))  # longest first, as place_words orders them
