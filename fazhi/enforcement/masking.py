"""What the public may read of a case (执法决定公示): no natural person's full name (surname + 某),
ID number, natural person's credit code, phone number, exact address or third party's name —
also where they stand inside free text.

``mask_public_text(text, case)`` is applied when a publication is written and again when the
public page shows it. It removes what the case names (the party, the representative, the third
parties, the party's ID number, phone and address) and, by pattern, what it does not name: ID
numbers, individual businesses' credit codes, mobiles and landlines, house, building, unit and
room numbers, and names after words such as 当事人、证人、店主.

What the case names is found however it is written: the ID number with spaces or dashes between
its digits (120101 19900101 1234), a name with a space inside (王 小明), the address spaced or
only its part after the road or neighbourhood (5栋2单元301); the recorded address is always
replaced by a coarse one (祥和小区5-2-301 → 祥和小区××号). Patterns err on the side of masking
(a list of amounts written 100 200 300 400 500 reads as a spaced ID number); a Chinese numeral
is a house number only after a road, a neighbourhood or digits, so 另一号码、第一号文件 and
一楼大厅 stay (幸福路一楼 does not).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fazhi.enforcement.models import Case

HIDDEN_NUMBER = "******"
HIDDEN_PHONE = "***********"
HOUSE_MARK = "×"

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
# Words after which a name commonly stands (当事人张三、证人：李四、店主王五…).
_PERSON_WORDS = (
    "法定代表人",
    "当事人",
    "证人",
    "业主",
    "店主",
    "摊主",
    "户主",
    "经营者",
    "负责人",
    "居民",
    "村民",
    "举报人",
    "受害人",
    "投诉人",
    "见证人",
    "被检查人",
    "雇员",
    "员工",
)
_PERSON = re.compile(
    "(" + "|".join(_PERSON_WORDS) + r")([：:\s]*)"
    f"((?:{'|'.join(COMPOUND_SURNAMES)}|[{''.join(sorted(SURNAMES))}])[{_HAN}]{{1,2}})"
)
# A name ends before punctuation, a space, the end, or a word that commonly follows it.
_AFTER_NAME = set("，。、；：,.;:！？!?（）()“”\"'《》【】 \t\r\n") | set(
    "在于因的等将擅未已系为称与和及向对从经被把自曾所拒不均也又即就便到"
)

# A space or a dash people put between the digits of a long number (120101 19900101 1234).
_GAP = r"[\s\-－—‐]?"
# 18-digit ID numbers (last character may be X), 15-digit old ones, also written in groups
# (120101-19900101-1234, 1201 0119 9001 0112 34): the whole number goes.
_ID_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])(?<![0-9][\s\-－—‐])"
    rf"(?:\d(?:{_GAP}\d){{16}}{_GAP}[\dXx]|\d(?:{_GAP}\d){{14}})"
    rf"(?![0-9A-Za-z])(?!{_GAP}[0-9])"
)
# Unified social credit codes of individual businesses (个体工商户, registration type 92…).
_PERSONAL_CREDIT_CODE = re.compile(
    r"(?<![0-9A-Za-z])92[0-9A-HJ-NPQRTUWXY]{16}(?![0-9A-Za-z])", re.IGNORECASE
)
_SEP = r"[\s\-－—‐]?"
_MOBILE = re.compile(rf"(?<!\d)(?:(?:\+|00)?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")
_LANDLINE = re.compile(
    rf"(?<!\d)(?:[（(]0\d{{2,3}}[)）]\s?|0\d{{2,3}}{_SEP})\d{{3,4}}{_SEP}\d{{4}}"
    rf"(?:\s?(?:转|-|－|ext\.?)\s?\d{{1,5}})?(?!\d)"
)
# A bare 7- or 8-digit number right after a word for a telephone.
_PHONE_AFTER_WORD = re.compile(
    r"((?:电话|手机|座机|固话|联系方式|联系号码|号码)(?:号码)?[：:\s为是]*)(\d{3,4}[\s\-]?\d{4})(?!\d)"
)
_DIGITS = r"[0-9０-９]+"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
_DASH = r"[-－—‐]"
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
    rf"(?:[\s\-－—‐]?{_DIGITS}(?![0-9年月日元天个次件人条款项号])"
    r"|[零〇一二三四五六七八九]{2,}(?![零〇一二两三四五六七八九十百千号栋幢单元室楼层年月日元天个次件人条款项]))"
)
_MORE = rf"(?:{_PART}|{_ROOM})*"
# House, building, unit, floor and room numbers, with a bare room number after them (2单元501);
# not a document number (〔2020〕15号), an article (第十八条) or a date (9月28号).
_HOUSE = re.compile(
    # 12号3栋、88号院5号楼: digits and a unit, wherever they stand.
    rf"(?<![〔\[（(第〕\]）)月0-9０-９零〇一二两三四五六七八九十百千A-Za-z])"
    rf"{_DIGITS}(?:{_DASH}{_DIGITS})*{_UNIT_DIGITS}{_MORE}"
    # 十二号三栋、三号楼二单元: Chinese numerals after a road, a neighbourhood or digits.
    rf"|(?<=[{_PLACE_END}0-9０-９]){_CN_NUM}{_UNIT_DIGITS}(?![线文令码]){_MORE}"
    # 祥和小区5-2-301 (building-unit-room), 港西新城B座1203.
    rf"|(?<=[{_PLACE_END}])\d{{1,3}}{_DASH}\d{{1,3}}{_DASH}\d{{1,5}}(?![0-9\-－—‐])"
    rf"|(?<=[{_PLACE_END}0-9０-９])[A-Za-z]{{1,2}}{_UNIT_BLOCK}{_MORE}"
)
# A word that ends the road or neighbourhood part of an address (what a coarse address keeps).
_PLACE_WORD = re.compile(
    r"(?:大道|大街|胡同|小区|新城|新村|花园|家园|公寓|大厦|广场|社区|"
    r"路|街|道|巷|弄|里|村|庄|苑|园|城|院|区)"
)
COARSE_HOUSE = "××号"
NO_ADDRESS = "（住址略）"


def mask_name(name: str) -> str:
    """张三丰 → 张某, 欧阳修 → 欧阳某: the surname and 某."""
    name = (name or "").strip()
    if not name:
        return ""
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname + "某"
    return name[0] + "某"


def split_names(text: str) -> list[str]:
    """The names of a list such as 王五、赵六，钱七."""
    return [n.strip() for n in re.split(r"[、，,；;/\s]+", text or "") if n.strip()]


def mask_address(address: str) -> str:
    """幸福路12号3栋2单元501室 → 幸福路×号: the road stays, the numbers do not."""
    return _HOUSE.sub(_house_mark, address or "")


def _house_mark(match: re.Match[str]) -> str:
    found = re.search(rf"{_UNIT_DIGITS}|座", match.group(0))
    return HOUSE_MARK + (found.group(0) if found else "号")


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
    """A pattern of ``text`` that also finds it written with spaces between its characters
    (王 小明) and with another kind of dash (5－2－301)."""
    parts = []
    for char in re.sub(r"\s+", "", text):
        parts.append(r"[\-－—‐]" if char in "-－—‐" else re.escape(char))
    return r"\s*".join(parts)


def _mask_recorded_address(text: str, address: str) -> str:
    """The party's recorded address, and its part after the road or neighbourhood (5栋2单元301),
    replaced by the coarse form wherever they stand in ``text``."""
    compact = re.sub(r"\s+", "", address)
    if len(compact) < 2:
        return text
    text = re.sub(_loose(compact), coarse_address(compact), text)
    tail = compact[_place_end(compact) :]
    # A short tail (12号) is left to the patterns: it could be a document's number.
    if len(tail) >= 4 and tail != compact:
        text = re.sub(_loose(tail), COARSE_HOUSE, text)
    return text


def _people(case: Case) -> list[str]:
    """The full names the case gives of natural persons, longest first."""
    names: list[str] = []
    if case.party_kind == "individual" and case.party_name:
        names.append(case.party_name.strip())
    if case.party_representative:
        names.append(case.party_representative.strip())
    names.extend(split_names(case.third_parties))
    # One character is no name to look for (and would erase every 张 of the text).
    return sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)


def _mask_person_after_word(match: re.Match[str]) -> str:
    word, gap, candidate = match.group(1), match.group(2), match.group(3)
    text = match.string
    if candidate.startswith(mask_name(candidate)):
        return match.group(0)  # already 王某 (王某称 is not a name to shorten to 王某)
    # Take the longest reading that a name boundary follows: 张三在… is 张三, not 张三在.
    # A longer reading never ends in a boundary word: 王五未经批准 is 王五 + 未经, not 王五未.
    for length in range(len(candidate), 1, -1):
        if length > 2 and candidate[length - 1] in _AFTER_NAME:
            continue
        following = text[match.start(3) + length : match.start(3) + length + 1]
        if following == "" or following in _AFTER_NAME or following == "某":
            return word + gap + mask_name(candidate[:length]) + candidate[length:]
    return match.group(0)


def mask_public_text(text: str, case: Case | None = None) -> str:
    """``text`` as the public may read it: see the module's description."""
    if not text:
        return ""
    result = str(text)
    if case is not None:
        recorded_id = re.sub(r"[^0-9A-Za-z]", "", case.party_id_number or "")
        if recorded_id and (
            case.party_kind == "individual" or recorded_id.upper().startswith("92")
        ):
            spaced_id = _GAP.join(re.escape(c) for c in recorded_id)
            result = re.sub(spaced_id, HIDDEN_NUMBER, result, flags=re.I)
        if case.party_phone:
            digits = re.sub(r"\D", "", case.party_phone)
            if len(digits) >= 7:
                spaced = r"[\s\-－—]?".join(re.escape(d) for d in digits)
                result = re.sub(rf"(?<!\d){spaced}(?!\d)", HIDDEN_PHONE, result)
        if case.party_address and case.party_kind == "individual":
            result = _mask_recorded_address(result, case.party_address)
        for name in _people(case):
            result = re.sub(_loose(name), mask_name(name), result)
    result = _ID_NUMBER.sub(HIDDEN_NUMBER, result)
    result = _PERSONAL_CREDIT_CODE.sub(HIDDEN_NUMBER, result)
    result = _MOBILE.sub(HIDDEN_PHONE, result)
    result = _LANDLINE.sub(HIDDEN_PHONE, result)
    result = _PHONE_AFTER_WORD.sub(lambda m: m.group(1) + HIDDEN_PHONE, result)
    result = _HOUSE.sub(_house_mark, result)
    result = _PERSON.sub(_mask_person_after_word, result)
    return result


def public_party(case: Case) -> str:
    """执法对象 as published: a natural person as surname + 某, an organisation by its name
    (with any person's name or code inside it masked)."""
    if case.party_kind == "individual":
        return mask_name(case.party_name) or "—"
    return mask_public_text(case.party_name, case) or "—"
