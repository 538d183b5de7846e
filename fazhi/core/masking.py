"""What the public may read of a text (公示、门户网站): no natural person's full name (surname +
某), ID number, natural person's credit code, phone number, exact address, date of birth or age
— also where nobody recorded them.

``mask_text(text, recorded)`` is the one rule every public text goes through. ``recorded`` says
what the record names (its people, ID numbers, phones, addresses); the rest is found by pattern
and by jieba's part-of-speech tags. It returns the masked text and its finds: each find's span
in the text as written, its kind, and whether it is certain. A name after a word such as
当事人、证人、邻居、妻子, a recorded name (also its given name alone: 张建国 → 建国称 is 张某称) or a
name jieba tags as a person's that begins with a surname is certain; a name only jieba tags, or
only a surname suggests, is uncertain: masked all the same (the rule errs on the side of
masking) but flagged for the publisher to check.

Finding is done on the text's NFKC form (full-width digits, letters and separators as half-width,
every middle dot •・·‧. between Han characters as ·), masking on the text as written: the
characters around a mask stay as they were, and a full-width ID number goes whole.

What stays: the authority, organisations (…有限公司、…店、…部), officers named with their
certificate numbers (张三（执法证号：12010012345）, 执法人员张三、李四，执法证号…), ordinary dates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from fazhi.core import segmenter

HIDDEN_NUMBER = "******"
HIDDEN_PHONE = "***********"
HOUSE_MARK = "×"
COARSE_HOUSE = "××号"
NO_ADDRESS = "（住址略）"
HIDDEN_AGE = "××"

# Kinds of find.
NAME = "name"
ID_NUMBER = "id_number"
CREDIT_CODE = "credit_code"
PHONE = "phone"
ADDRESS = "address"
HOUSE = "house"
BIRTH = "birth"
AGE = "age"
NUMBER_KINDS = frozenset({ID_NUMBER, CREDIT_CODE, PHONE, BIRTH})

# Compound surnames come first: 欧阳修 → 欧阳某, not 欧某.
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "司徒",
    "夏侯",
    "尉迟",
    "公孙",
    "长孙",
    "宇文",
    "轩辕",
    "端木",
    "西门",
    "南宫",
    "独孤",
    "申屠",
)
# The common single-character surnames: a name after 当事人、证人… is recognised by them.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧"
    "闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝"
)

_HAN = r"\u4e00-\u9fff"
_SURNAME = f"(?:{'|'.join(COMPOUND_SURNAMES)}|[{''.join(sorted(SURNAMES))}])"
# The one middle dot of the NFKC form; the others (•・‧ and a full stop between Han
# characters) become it.
DOT = "·"
_DOT_VARIANTS = frozenset("•・·‧･∙⋅")
# Words after which a name commonly stands (当事人张三、证人：李四、其邻居李秀英、妻子王某…).
PERSON_WORDS = (
    "法定代表人",
    "委托代理人",
    "当事人",
    "证人",
    "见证人",
    "业主",
    "店主",
    "摊主",
    "户主",
    "房主",
    "房东",
    "租户",
    "租客",
    "承租人",
    "出租人",
    "住户",
    "经营者",
    "负责人",
    "居民",
    "村民",
    "市民",
    "举报人",
    "受害人",
    "投诉人",
    "被检查人",
    "雇员",
    "员工",
    "邻居",
    "妻子",
    "丈夫",
    "爱人",
    "配偶",
    "儿子",
    "女儿",
    "父亲",
    "母亲",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "亲属",
    "家属",
    "监护人",
    "同事",
    "朋友",
    "老板",
    "目击者",
    "路人",
    "之妻",
    "之夫",
)
_PERSON_WORD = "|".join(sorted(PERSON_WORDS, key=len, reverse=True))
# A context word, then a name: surname + one to three characters, or a transliterated name
# (买买提艾力, 买买提·艾力), read up to the first boundary.
_PERSON = re.compile(rf"({_PERSON_WORD})([:\s]*)([{_HAN}]{{2,9}}(?:{DOT}[{_HAN}]{{2,9}})*)")
# A name ends before punctuation, a space, the end, or a word that commonly follows it.
_AFTER_NAME = set("，。、；：,.;:！？!?（）()“”\"'《》【】[] \t\r\n") | set(
    "在于因的等将擅未已系为称与和及向对从经被把自曾所拒不均也又即就便到住说是现"
)
# Words that carry a sentence on after a name (张三在店内), not into a shop's name (惠民便利店).
_CLAUSE_WORDS = set("在称于向与和及说是拒已未曾现住将擅因系为被把从经对等的")
# A name followed by one of these is part of an organisation's or a place's name (张三烧烤店、
# 李记餐饮有限公司、祥和市场): it stays.
_ORGANISATION_END = re.compile(
    r"(?:有限责任公司|有限公司|公司|商店|超市|商行|餐厅|饭店|酒店|酒家|烧烤店|店|部|馆|厂|社|铺|房|"
    r"中心|市场|小区|花园|大厦|广场|大街|大道|路|街|巷|村|集团|工作室|事务所|诊所|门市|"
    r"街道|办事处|委员会|居委会|执法队|大队|中队|队|局|所|站|院|校|园)$"
)
# The officer's certificate beside a name: 张三（执法证号：12010012345）; and the list of the
# officers before it: 执法人员张三、李四，执法证号…
_CERTIFICATE = r"(?:执法证件号码?|执法证编号|执法证号码?|执法证)"
_OFFICER_NAME = rf"{_SURNAME}[{_HAN}]{{1,2}}"
_OFFICER_BESIDE = re.compile(rf"({_OFFICER_NAME})\s*(?=\(\s*{_CERTIFICATE})")
_OFFICER_LIST = re.compile(
    rf"(?:执法人员|执法队员|执法员|承办人员|承办人)[:\s]*"
    rf"((?:{_OFFICER_NAME})(?:\s*[、,和及与]\s*(?:{_OFFICER_NAME}))*)"
    rf"(?=\s*[,，(]?\s*(?:分别|均)?(?:出示|持)?{_CERTIFICATE})"
)
_CERTIFICATE_NUMBER = re.compile(rf"{_CERTIFICATE}[:\s]*([0-9A-Za-z][0-9A-Za-z\-、,\s]*\d)")

# A space or a dash people put between the digits of a long number (120101 19900101 1234).
_GAP = r"[\s\-—‐]?"
# 18-digit ID numbers (last character may be X), 15-digit old ones, also written in groups
# (120101-19900101-1234, 1201 0119 9001 0112 34): the whole number goes.
_ID_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])(?<![0-9][\s\-—‐])"
    rf"(?:\d(?:{_GAP}\d){{16}}{_GAP}[\dXx]|\d(?:{_GAP}\d){{14}})"
    rf"(?![0-9A-Za-z])(?!{_GAP}[0-9])"
)
# Unified social credit codes of individual businesses (个体工商户, registration type 92…).
_PERSONAL_CREDIT_CODE = re.compile(
    r"(?<![0-9A-Za-z])92[0-9A-HJ-NPQRTUWXY]{16}(?![0-9A-Za-z])", re.IGNORECASE
)
_SEP = r"[\s\-—‐]?"
_MOBILE = re.compile(rf"(?<!\d)(?:(?:\+|00)?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")
_LANDLINE = re.compile(
    rf"(?<!\d)(?:\(0\d{{2,3}}\)\s?|0\d{{2,3}}{_SEP})\d{{3,4}}{_SEP}\d{{4}}"
    rf"(?:\s?(?:转|-|ext\.?)\s?\d{{1,5}})?(?!\d)"
)
# A bare 7- or 8-digit number right after a word for a telephone.
_PHONE_AFTER_WORD = re.compile(
    r"((?:电话|手机|座机|固话|联系方式|联系号码|号码)(?:号码)?[:\s为是]*)(\d{3,4}[\s\-]?\d{4})(?!\d)"
)
_DIGITS = r"[0-9]+"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
_DASH = r"[-—‐]"
# The last character of a word for a road or a neighbourhood (路、大街、胡同、小区、新城、花园、
# 公寓、大厦、广场…), or 住/址 (住址：): a house number written in Chinese numerals, a bare
# 5-2-301 or a letter block counts only after one of them (or after digits), so that 另一号码、
# 第一号文件、一楼大厅 and dates such as 2020-09-28 stay as written.
_PLACE_END = "路街道巷弄里村庄苑园城院区座期同寓厦场住址"
# Units of an address. 楼、层、栋、幢、号 count other things too (一栋彩钢房、一号窗口), so after
# Chinese numerals they are taken only in an address (after a road, a neighbourhood or another
# house part), and 一号线、一号文件、一号令 are no house numbers.
_UNIT_DIGITS = r"(?:号楼|号院|号门|号|栋|幢|单元|楼|层|室)"
_UNIT_BLOCK = r"(?:座|栋|幢|号楼|单元|区)"
_PART = rf"(?:{_DIGITS}(?:{_DASH}{_DIGITS})*{_UNIT_DIGITS}|{_CN_NUM}{_UNIT_DIGITS})"
# A room number after a unit: 2单元501, 2单元 501, 二单元五零一 (read digit by digit).
_ROOM = (
    rf"(?:[\s\-—‐]?{_DIGITS}(?![0-9年月日元天个次件人条款项号])"
    r"|[零〇一二三四五六七八九]{2,}(?![零〇一二两三四五六七八九十百千号栋幢单元室楼层年月日元天个次件人条款项]))"
)
_MORE = rf"(?:{_PART}|{_ROOM})*"
# House, building, unit, floor and room numbers, with a bare room number after them (2单元501);
# not a document number (〔2020〕15号), an article (第十八条) or a date (9月28号).
_HOUSE = re.compile(
    # 12号3栋、88号院5号楼: digits and a unit, wherever they stand.
    rf"(?<![〔\[(第〕\])月0-9零〇一二两三四五六七八九十百千A-Za-z])"
    rf"{_DIGITS}(?:{_DASH}{_DIGITS})*{_UNIT_DIGITS}{_MORE}"
    # 十二号三栋、三号楼二单元: Chinese numerals after a road, a neighbourhood or digits.
    rf"|(?<=[{_PLACE_END}0-9]){_CN_NUM}{_UNIT_DIGITS}(?![线文令码]){_MORE}"
    # 祥和小区5-2-301 (building-unit-room), 港西新城B座1203.
    rf"|(?<=[{_PLACE_END}])\d{{1,3}}{_DASH}\d{{1,3}}{_DASH}\d{{1,5}}(?![0-9\-—‐])"
    rf"|(?<=[{_PLACE_END}0-9])[A-Za-z]{{1,2}}{_UNIT_BLOCK}{_MORE}"
)
# A word that ends the road or neighbourhood part of an address (what a coarse address keeps).
_PLACE_WORD = re.compile(
    r"(?:大道|大街|胡同|小区|新城|新村|花园|家园|公寓|大厦|广场|社区|"
    r"路|街|道|巷|弄|里|村|庄|苑|园|城|院|区)"
)
# Dates of birth: 1977年12月12日生, 出生于1977年12月12日, 出生日期:1977-12-12, (1977年12月出生).
_DATE = r"\d{4}\s?(?:年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?|[-/.]\d{1,2}[-/.]\d{1,2})"
_BIRTH = re.compile(
    # 生于 alone only after a clause's start or 某 (当事人陈凤生于2019年… is a name and a date).
    rf"(?:出生(?:于|日期|年月日?|年月|时间)?[:\s为是]*|(?:(?<![{_HAN}])|(?<=某))生于\s?)({_DATE})"
    rf"|({_DATE})\s?(?:出生|生(?![产效活日]))"
)
# Ages: 现年45岁, 45周岁, 男，45岁 — a number of years tied to a person.
_AGE = re.compile(r"(现年|时年|年龄[:\s为是]*|[男女][,、\s]\s?)?(\d{1,3})(周岁|岁)")

# The characters of names transliterated from Uyghur, Kazakh and other languages (买买提、艾力、
# 阿不都、热合曼、古丽、努尔、吐尔逊、艾尔肯…): a run of them after a context word is a name.
TRANSLITERATION = frozenset(
    "阿艾买提热合曼古丽努尔依吐逊肯不都克力孜拉娜迪巴图扎帕木汗江斯坦尼亚沙吾加甫尤素福库班玛"
    "伊哈米德穆罕默塔西夏娃达勒苏莱麦热克衣地排则"
)
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-·]+")
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})


KIND_LABELS = {
    NAME: _("姓名"),
    ID_NUMBER: _("身份证号码"),
    CREDIT_CODE: _("个体工商户统一社会信用代码"),
    PHONE: _("电话号码"),
    ADDRESS: _("住址"),
    HOUSE: _("门牌号"),
    BIRTH: _("出生日期"),
    AGE: _("年龄"),
}


# --- what is recorded -------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """What a record names of natural persons: their full names, ID numbers (and individual
    businesses' credit codes), phones and addresses."""

    people: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Find:
    """A piece of personal data found in a text: its span in the text as written (``start``
    to ``end``), what it is, whether the rule is certain of it, and what replaces it."""

    start: int
    end: int
    kind: str
    certain: bool
    mask: str
    found: str = ""


@dataclass(frozen=True)
class MaskedText:
    """A text as the public may read it, and what was masked in it."""

    text: str
    original: str
    finds: tuple[Find, ...] = ()

    @property
    def uncertain(self) -> tuple[Find, ...]:
        return tuple(f for f in self.finds if not f.certain)

    def pieces(self) -> list[tuple[str, Find | None]]:
        """The masked text in order: plain stretches (None) and masks with their find."""
        pieces: list[tuple[str, Find | None]] = []
        at = 0
        for find in self.finds:
            if find.start > at:
                pieces.append((self.original[at : find.start], None))
            pieces.append((find.mask, find))
            at = find.end
        if at < len(self.original):
            pieces.append((self.original[at:], None))
        return pieces


# --- the small rules --------------------------------------------------------------------------


def surname_of(name: str) -> str:
    """The surname a name begins with (compound first), or '' when it begins with none."""
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname):
            return surname
    return name[:1] if name[:1] in SURNAMES else ""


def mask_name(name: str) -> str:
    """张三丰 → 张某, 欧阳修 → 欧阳某, 买买提·艾力 → 买某: the surname and 某."""
    name = (name or "").strip()
    if not name:
        return ""
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname + "某"
    return name[0] + "某"


def mask_mobile(mobile: str) -> str:
    """13800000001 → 138****0001."""
    mobile = (mobile or "").strip()
    if len(mobile) < 8:
        return "****"
    return f"{mobile[:3]}****{mobile[-4:]}"


def mask_id_number(value: str) -> str:
    """An ID number as lists show it: 120101******1234 (first six, last four)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}******{value[-4:]}"


def mask_search(text: str) -> str:
    """Search words as the export's audit row keeps them: a mobile number as 138****5678, an
    ID number as 120101******0012, any other word (a name, a code) by its first character
    (张**): who searched what kind of thing stays visible, the person searched for does not."""
    words = []
    for word in (text or "").split():
        if len(word) == 18 and word[:17].isdigit():
            words.append(mask_id_number(word))
        elif len(word) >= 7 and word.isdigit():
            words.append(mask_mobile(word))
        else:
            words.append(word[0] + "*" * (len(word) - 1))
    return " ".join(words)


def split_names(text: str) -> list[str]:
    """The names of a list such as 王五、赵六，钱七."""
    return [n.strip() for n in re.split(r"[、，,；;/\s]+", text or "") if n.strip()]


def _house_mark(found: str) -> str:
    unit = re.search(rf"{_UNIT_DIGITS}|座", found)
    return HOUSE_MARK + (unit.group(0) if unit else "号")


def mask_address(address: str) -> str:
    """幸福路12号3栋2单元501室 → 幸福路×号: the road stays, the numbers do not."""
    return _HOUSE.sub(lambda m: _house_mark(m.group(0)), address or "")


def _place_end(address: str) -> int:
    """Where the road or neighbourhood part of ``address`` ends: before its first number (or
    letter block), after the last road or neighbourhood word ahead of it; 0 if there is none."""
    compact = re.sub(r"\s+", "", address)
    first = re.search(rf"[0-9０-９A-Za-z]|{_CN_NUM}{_UNIT_DIGITS}", compact)
    head = compact[: first.start()] if first else compact
    ends = [m.end() for m in _PLACE_WORD.finditer(head)]
    return ends[-1] if ends else 0


def coarse_address(address: str) -> str:
    """An address as the public may read it whatever its format: 祥和小区5-2-301 → 祥和小区××号,
    港西新城B座1203 → 港西新城××号; without a road or neighbourhood, （住址略）."""
    compact = re.sub(r"\s+", "", address or "")
    end = _place_end(compact)
    return compact[:end] + COARSE_HOUSE if end else NO_ADDRESS


def _loose(text: str) -> str:
    """A pattern of ``text`` (NFKC) that also finds it written with spaces between its
    characters (王 小明) and with another kind of dash (5—2—301)."""
    parts = []
    for char in re.sub(r"\s+", "", normalise(text)[0]):
        parts.append(r"[\-—‐]" if char in "-—‐" else re.escape(char))
    return r"\s*".join(parts)


# --- the NFKC form ------------------------------------------------------------------------------


def normalise(text: str) -> tuple[str, list[int]]:
    """``text``'s NFKC form with one middle dot, and for each of its characters the index of
    the character of ``text`` it comes from (NFKC may change lengths: ① → 1, ㈱ → (株))."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char)
        if normal in _DOT_VARIANTS:
            normal = DOT
        for piece in normal:
            chars.append(piece)
            origin.append(index)
    # A full stop between Han characters is a name's dot (买买提.艾力), not a decimal point.
    for index in range(1, len(chars) - 1):
        if chars[index] == "." and _is_han(chars[index - 1]) and _is_han(chars[index + 1]):
            chars[index] = DOT
    return "".join(chars), origin


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


# --- jieba's part-of-speech tags ----------------------------------------------------------------


@lru_cache(maxsize=65536)
def _block_tags(block: str) -> tuple[tuple[str, str], ...]:
    # jieba tags each run of these characters on its own, so tagging (and caching) block by
    # block gives what tagging the whole text gives.
    return tuple((pair.word, pair.flag) for pair in segmenter.tagger().cut(block))


def tagged_words(text: str) -> list[tuple[int, str, str]]:
    """The words of ``text`` (NFKC form) with their position and jieba's tag."""
    words: list[tuple[int, str, str]] = []
    for block in _JIEBA_BLOCK.finditer(text):
        at = block.start()
        for word, flag in _block_tags(block.group()):
            words.append((at, word, flag))
            at += len(word)
    return words


# --- finding --------------------------------------------------------------------------------


@dataclass
class _Finder:
    """The finds on a text's NFKC form, the earlier rule first: a later find overlapping an
    earlier one, or an officer's name or certificate, is not taken."""

    normal: str
    protected: list[tuple[int, int]] = field(default_factory=list)
    finds: list[tuple[int, int, str, bool, str]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        spans = self.protected + [(s, e) for s, e, *_rest in self.finds]
        return all(end <= s or start >= e for s, e in spans)

    def add(self, start: int, end: int, kind: str, mask: str, *, certain: bool = True) -> bool:
        if start >= end or not self.free(start, end):
            return False
        self.finds.append((start, end, kind, certain, mask))
        return True

    def ends_of_names(self) -> set[int]:
        return {e for _s, e, kind, *_rest in self.finds if kind == NAME}


def _protect_officers(finder: _Finder) -> None:
    text = finder.normal
    for match in _OFFICER_BESIDE.finditer(text):
        finder.protected.append(match.span(1))
    for match in _OFFICER_LIST.finditer(text):
        finder.protected.append(match.span(1))
    for match in _CERTIFICATE_NUMBER.finditer(text):
        finder.protected.append(match.span(1))


def _find_recorded(finder: _Finder, recorded: Recorded) -> None:
    text = finder.normal
    for number in recorded.numbers:
        compact = re.sub(r"[^0-9A-Za-z]", "", normalise(number)[0])
        if compact:
            pattern = _GAP.join(re.escape(c) for c in compact)
            for match in re.finditer(pattern, text, flags=re.I):
                finder.add(*match.span(), ID_NUMBER, HIDDEN_NUMBER)
    for phone in recorded.phones:
        digits = re.sub(r"\D", "", normalise(phone)[0])
        if len(digits) >= 7:
            spaced = r"[\s\-—]?".join(re.escape(d) for d in digits)
            for match in re.finditer(rf"(?<!\d){spaced}(?!\d)", text):
                finder.add(*match.span(), PHONE, HIDDEN_PHONE)
    for address in recorded.addresses:
        compact = re.sub(r"\s+", "", normalise(address)[0])
        if len(compact) < 2:
            continue
        for match in re.finditer(_loose(compact), text):
            finder.add(*match.span(), ADDRESS, coarse_address(compact))
        tail = compact[_place_end(compact) :]
        # A short tail (12号) is left to the patterns: it could be a document's number.
        if len(tail) >= 4 and tail != compact:
            for match in re.finditer(_loose(tail), text):
                finder.add(*match.span(), ADDRESS, COARSE_HOUSE)
    names = sorted(
        {normalise(n.strip())[0] for n in recorded.people if len(n.strip()) >= 2},
        key=len,
        reverse=True,
    )
    for name in names:
        for match in re.finditer(_loose(name), text):
            finder.add(*match.span(), NAME, mask_name(name))
    # The given name alone (张建国 → 建国称), two characters at least, where it stands as a
    # name: at a clause's start or after a context word, and before a boundary (建国称、建国在),
    # so that 建国路 or 文明城市 stay.
    for name in names:
        surname = surname_of(name)
        given = name[len(surname) :] if surname else ""
        if len(given) >= 2 and DOT not in given:
            for match in re.finditer(_loose(given), text):
                start, end = match.span()
                before, after = text[max(0, start - 5) : start], text[end : end + 1]
                alone = not before or not _is_han(before[-1]) or before[-1] in _AFTER_NAME
                alone = alone or re.search(f"(?:{_PERSON_WORD})$", before) is not None
                if alone and (after == "" or after in _AFTER_NAME):
                    finder.add(start, end, NAME, mask_name(name))


def _find_births(finder: _Finder) -> None:
    """Dates of birth: the digits go (××××年××月××日生), the words stay."""
    text = finder.normal
    for match in _BIRTH.finditer(text):
        start, end = match.span(1 if match.group(1) else 2)
        masked = re.sub(r"\d+", lambda m: "×" * max(2, len(m.group())), text[start:end])
        finder.add(start, end, BIRTH, masked)


def _find_ages(finder: _Finder) -> None:
    text = finder.normal
    name_ends = finder.ends_of_names()
    for match in _AGE.finditer(text):
        start = match.start(2)
        before = text[max(0, start - 2) : start]
        # Tied to a person: 现年、男，…, right after a name (张某45岁, 李秀英，45岁), or 周岁
        # in the sentence of a name (王某（1977年12月出生），45周岁).
        clause = re.split(r"[。;!?\n]", text[:start])[-1]
        tied = (
            bool(match.group(1))
            or (
                match.group(3) == "周岁"
                and any(start - len(clause) <= e <= start for e in name_ends)
            )
            or start in name_ends
            or (before[-1:] in ",、 " and start - 1 in name_ends)
            or before[-1:] == "某"
            or before in ("某,", "某、", "某 ")
        )
        if tied:
            finder.add(start, match.end(2), AGE, HIDDEN_AGE)


def _find_patterns(finder: _Finder) -> None:
    text = finder.normal
    for match in _ID_NUMBER.finditer(text):
        finder.add(*match.span(), ID_NUMBER, HIDDEN_NUMBER)
    for match in _PERSONAL_CREDIT_CODE.finditer(text):
        finder.add(*match.span(), CREDIT_CODE, HIDDEN_NUMBER)
    for pattern in (_MOBILE, _LANDLINE):
        for match in pattern.finditer(text):
            finder.add(*match.span(), PHONE, HIDDEN_PHONE)
    for match in _PHONE_AFTER_WORD.finditer(text):
        finder.add(*match.span(2), PHONE, HIDDEN_PHONE)
    for match in _HOUSE.finditer(text):
        finder.add(*match.span(), HOUSE, _house_mark(match.group(0)))


def _is_organisation(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` begins an organisation's or a place's name
    (张三烧烤店、李记餐饮有限公司、祥和市场)."""
    run = re.match(rf"[{_HAN}]{{0,10}}", text[end:])
    following = run.group(0) if run else ""
    for length in range(1, len(following) + 1):
        if following[length - 1] in _CLAUSE_WORDS:
            return False  # 张三在店内: the sentence goes on
        if _ORGANISATION_END.search(following[:length]):
            return True
    return False


def _name_length(text: str, start: int, candidate: str, shortest: int) -> int:
    """The longest reading of ``candidate`` (at ``start``) that a name boundary follows: 张三在…
    is 张三, not 张三在; a longer reading never ends in a boundary word (王五未经批准 is 王五)."""
    for length in range(len(candidate), shortest - 1, -1):
        if length > 2 and candidate[length - 1] in _AFTER_NAME:
            continue
        following = text[start + length : start + length + 1]
        if following == "" or following in _AFTER_NAME or following == "某":
            return length
    return 0


def _has_person_tag(words: Iterable[tuple[int, str, str]]) -> bool:
    return any(flag in PERSON_TAGS for _at, _word, flag in words)


def _jieba_length(text: str, start: int, shortest: int, longest: int) -> int:
    """The longest length from ``shortest`` to ``longest`` at which jieba ends a word, read
    from ``start`` (上官军敏证实: 上官军敏), or 0."""
    run = re.match(rf"[{_HAN}]*", text[start:])
    ends = {0}
    at = 0
    for _at, word, _flag in tagged_words(run.group(0) if run else ""):
        at += len(word)
        ends.add(at)
    fitting = [length for length in ends if shortest <= length <= longest]
    return max(fitting) if fitting else 0


def _transliterated(run: str) -> int:
    """How many characters of ``run`` a transliterated name (买买提艾力) takes from its start."""
    length = 0
    while length < len(run) and run[length] in TRANSLITERATION:
        length += 1
    return length


def _find_after_words(finder: _Finder) -> None:
    """Names after 当事人、证人、邻居、妻子…: certain."""
    text = finder.normal
    for match in _PERSON.finditer(text):
        start, run = match.start(3), match.group(3)
        surname = surname_of(run)
        if surname and run[len(surname) :].startswith("某"):
            continue  # already 王某
        if DOT in run:
            continue  # 买买提·艾力: a dotted name, found wherever it stands
        if surname:
            longest = len(surname) + 2
            length = _name_length(text, start, run[: longest + 1], len(surname) + 1)
            length = length or _jieba_length(text, start, len(surname) + 1, longest)
            if length and not _is_organisation(text, start + length):
                finder.add(start, start + length, NAME, mask_name(run))
            continue
        # A transliterated name without a dot (买买提艾力), three characters at least.
        length = _transliterated(run)
        if length >= 3 and not _is_organisation(text, start + length):
            finder.add(start, start + length, NAME, mask_name(run))


def _find_dotted(finder: _Finder) -> None:
    """A dot between two runs of Han characters (买买提·艾力): a transliterated name."""
    text = finder.normal
    for match in re.finditer(rf"([{_HAN}]{{1,6}})((?:{DOT}[{_HAN}]{{1,9}})+)", text):
        head, tail = match.group(1), match.group(2)
        last = tail.rsplit(DOT, 1)[1]
        cut = _transliterated(last) or next(
            (i for i, c in enumerate(last) if c in _AFTER_NAME), len(last)
        )
        if cut == 0:
            continue
        first = len(head) - _transliterated(head[::-1])
        if first == len(head):
            # Not a transliteration: the name's first word as jieba cuts the run before it.
            words = tagged_words(head)
            first = len(head) - (len(words[-1][1]) if words else len(head))
        start = match.start(1) + first
        end = match.end(2) - (len(last) - cut)
        finder.add(start, end, NAME, mask_name(text[start:end]))


def _find_tagged(finder: _Finder) -> None:
    """Names jieba tags as a person's: certain when they begin with a surname, else uncertain."""
    text = finder.normal
    words = tagged_words(text)
    index = 0
    while index < len(words):
        at, word, flag = words[index]
        index += 1
        name = word
        # 周/nr 建华/nz, 欧阳/ns 娜娜/nrt: a surname cut off from its given name.
        surname_alone = word in COMPOUND_SURNAMES or (word in SURNAMES and flag in PERSON_TAGS)
        if surname_alone and index < len(words):
            next_at, next_word, next_flag = words[index]
            if (
                next_at == at + len(word)
                and 1 <= len(next_word) <= 2
                and all(_is_han(c) for c in next_word)
                and next_word[0] != "某"
                and (next_flag in PERSON_TAGS or next_flag.startswith("n"))
            ):
                name = word + next_word
                index += 1
                flag = "nr"
        if flag not in PERSON_TAGS or len(name) < 2 or not all(_is_han(c) for c in name):
            continue
        surname = surname_of(name)
        if surname and name[len(surname) :].startswith("某"):
            continue
        end = at + len(name)
        if _is_organisation(text, end) or (at > 0 and text[at - 1] == DOT):
            continue
        if _common_word(name):
            continue  # 查明、文明、高明、祥和: the dictionary's frequent words are words
        certain = bool(surname) and 2 <= len(name) <= 4 and len(name) > len(surname)
        finder.add(at, end, NAME, mask_name(name), certain=certain)


# How often a word must stand in jieba's dictionary to be read as an ordinary word even where
# the dictionary also tags it a name (查明 409, 文明 6584; 刘德华 37, 李秀英 3).
COMMON_WORD_FREQUENCY = 150


def _common_word(word: str) -> bool:
    return int(segmenter.tagger().tokenizer.FREQ.get(word) or 0) >= COMMON_WORD_FREQUENCY


_SURNAME_GUESS = re.compile(
    rf"(?<![{_HAN}])({_SURNAME}[{_HAN}]{{1,2}})(?=称|说|表示|承认|陈述|介绍|讲述|辩称)"
)


def _find_surname_guesses(finder: _Finder) -> None:
    """A surname and one or two characters at the start of a clause, before 称、说…: uncertain."""
    for match in _SURNAME_GUESS.finditer(finder.normal):
        name = match.group(1)
        if not name[len(surname_of(name)) :].startswith("某"):
            finder.add(*match.span(1), NAME, mask_name(name), certain=False)


def mask_text(
    text: str,
    recorded: Recorded | None = None,
    *,
    certain_only: bool = False,
    tagged_names: bool = True,
    kinds: frozenset[str] | None = None,
) -> MaskedText:
    """``text`` as the public may read it, with what was found in it (see the module).

    ``certain_only`` leaves the uncertain guesses as written; ``tagged_names=False`` leaves
    the names only jieba finds (a report names its officials by right: only names after a
    context word, dotted names and recorded ones go); ``kinds`` limits the kinds masked (a
    report masks names and numbers, not the house numbers of its offices)."""
    original = str(text or "")
    if not original:
        return MaskedText("", "")
    normal, origin = normalise(original)
    finder = _Finder(normal)
    _protect_officers(finder)
    if recorded is not None:
        _find_recorded(finder, recorded)
    _find_births(finder)
    _find_patterns(finder)
    _find_after_words(finder)
    _find_dotted(finder)
    if tagged_names:
        _find_tagged(finder)
        _find_surname_guesses(finder)
    _find_ages(finder)
    finds: list[Find] = []
    for start, end, kind, certain, mask in sorted(finder.finds):
        if (certain_only and not certain) or (kinds is not None and kind not in kinds):
            continue
        first, last = origin[start], origin[end - 1] + 1
        finds.append(Find(first, last, kind, certain, mask, original[first:last]))
    pieces = []
    at = 0
    for find in finds:
        pieces.append(original[at : find.start])
        pieces.append(find.mask)
        at = find.end
    pieces.append(original[at:])
    return MaskedText("".join(pieces), original, tuple(finds))


def highlighted(masked: MaskedText) -> SafeString:
    """The masked text as HTML for the publisher: each mask in a ``<mark class="mask">`` naming
    what it hides, the uncertain ones also of class ``mask-uncertain``."""
    html: list[SafeString] = []
    for piece, find in masked.pieces():
        if find is None:
            html.append(format_html("{}", piece))
            continue
        label = KIND_LABELS.get(find.kind, find.kind)
        if find.certain:
            html.append(format_html('<mark class="mask" title="{}">{}</mark>', label, piece))
        else:
            title = format_html("{}{}", label, _("（疑似，请核对）"))
            html.append(
                format_html('<mark class="mask mask-uncertain" title="{}">{}</mark>', title, piece)
            )
    return format_html_join("", "{}", ((piece,) for piece in html))


# What a text that names officials and organisations by right (an annual report, a notice
# written by staff) has masked: names certain without jieba, and numbers.
OFFICIAL_KINDS = frozenset({NAME, ID_NUMBER, CREDIT_CODE, PHONE, BIRTH, AGE})
_TAG = re.compile(r"(<[^>]*>)")


def mask_official_text(text: str) -> str:
    """A text that names officials and organisations by right, as the public may read it: a
    resident named after 举报人、当事人…, a dotted name, ID numbers, phones, dates of birth and
    ages go; the names only jieba reads (the officials'), house numbers and dates stay."""
    return mask_text(text, certain_only=True, tagged_names=False, kinds=OFFICIAL_KINDS).text


def mask_html(html: str, mask: Callable[[str], str]) -> SafeString:
    """Safe HTML (a report's paragraph with its figures marked) masked by ``mask`` between its
    tags, the tags left as they are."""
    pieces = _TAG.split(str(html))
    for index in range(0, len(pieces), 2):
        pieces[index] = mask(pieces[index])
    return mark_safe("".join(pieces))


def mask_public_text(text: str, recorded: Recorded | None = None) -> str:
    """``text`` as the public may read it (``mask_text``'s text)."""
    return mask_text(text, recorded).text
