"""The masking rule over a generated corpus: sentences of decisions with the personal data a
decision may carry (names of 1 to 4 characters, compound surnames, minority names with every
middle dot and none, relatives and witnesses, ID numbers and phones half- and full-width, spaced
or dashed, dates of birth and ages, addresses to the room) and what must stay public
(organisations, officers with their certificate numbers, the authority, ordinary dates).

The leak rate is the share of personal pieces still readable in the output's NFKC form; the
over-masking rate the share of public pieces damaged. Both are printed (pytest -s) and the
test asserts no leak and no organisation, officer or authority name damaged."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from fazhi.core.masking import COMPOUND_SURNAMES, Recorded, mask_text

SEED = 20201
SENTENCES = 400

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡杜叶程"
GIVEN = "秀英华明丽军芳建国伟强敏静磊洋艳勇杰娟涛超霞平刚桂兰玉萍红梅志辉亮春燕凤娜晓"
MINORITY = ("买买提", "艾力", "阿不都", "热合曼", "古丽", "努尔", "阿依古丽", "吐尔逊", "艾尔肯")
DOTS = ("•", "・", "·", "‧", ".", "．")
RELATIVES = (
    "邻居",
    "妻子",
    "丈夫",
    "儿子",
    "女儿",
    "父亲",
    "母亲",
    "证人",
    "店主",
    "摊主",
    "业主",
    "房东",
    "租户",
    "举报人",
    "同事",
    "朋友",
)
FOLLOWING = ("称当日在场", "在场", "向执法人员反映", "拒不配合", "于当日到场", "证实上述情况")
ROADS = ("幸福路", "光明大道", "祥和小区", "港西新城", "花园路幸福里小区", "海滨大街")
ORGANISATIONS = (
    "天津市海滨顺达物流有限公司",
    "天津市滨海新区李记餐饮有限公司",
    "刘大妈服装部",
    "老王烧烤店",
    "天津海滨宏达建材商行",
    "海滨街道惠民超市",
)
AUTHORITIES = ("海滨街道综合执法队", "天津市滨海新区海滨街道办事处", "海滨街道综合行政执法大队")
FULL_WIDTH = str.maketrans("0123456789X-() ", "０１２３４５６７８９Ｘ－（）　")


@dataclass
class Sentence:
    text: str
    recorded: Recorded | None = None
    secrets: list[str] = field(default_factory=list)  # personal data: none may survive
    public: list[str] = field(default_factory=list)  # organisations, officers, authority
    dates: list[str] = field(default_factory=list)  # ordinary dates: must stay


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


class Corpus:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def name(self, length: int | None = None) -> str:
        length = length or self.pick((2, 3, 3, 4))
        if length == 4:
            return self.pick(COMPOUND_SURNAMES) + self.pick(GIVEN) + self.pick(GIVEN)
        return self.pick(SURNAMES) + "".join(self.pick(GIVEN) for _ in range(length - 1))

    def minority(self, dot: str) -> str:
        first, second = self.rng.sample(MINORITY, 2)
        return f"{first}{dot}{second}"

    def relative(self) -> str:
        return self.pick(("", "其")) + self.pick(RELATIVES)

    def id_number(self) -> str:
        area = self.pick(("120101", "120116", "130102", "650102"))
        born = f"{self.rng.randrange(1950, 2005)}{self.rng.randrange(1, 13):02d}"
        born += f"{self.rng.randrange(1, 29):02d}"
        tail = f"{self.rng.randrange(1000):03d}" + self.pick("0123456789X")
        return area + born + tail

    def written(self, number: str, groups: tuple[int, ...]) -> str:
        """``number`` as people write it: plain, spaced or dashed, half- or full-width."""
        style = self.pick(("plain", "space", "dash"))
        if style != "plain":
            parts, at = [], 0
            for size in groups:
                parts.append(number[at : at + size])
                at += size
            number = (" " if style == "space" else "-").join(parts)
        return number.translate(FULL_WIDTH) if self.rng.random() < 0.4 else number

    def mobile(self) -> str:
        return "1" + self.pick("3456789") + "".join(self.pick("0123456789") for _ in range(9))

    def landline(self) -> tuple[str, str]:
        local = self.pick("2345678") + "".join(self.pick("0123456789") for _ in range(7))
        area = self.pick(("022", "010", "0311"))
        written = self.pick((f"{area}-{local}", f"({area}){local[:4]} {local[4:]}"))
        return (written.translate(FULL_WIDTH) if self.rng.random() < 0.4 else written), local

    def birth(self) -> tuple[str, str]:
        y, m, d = (
            self.rng.randrange(1950, 2005),
            self.rng.randrange(1, 13),
            self.rng.randrange(1, 29),
        )
        return self.pick(
            (
                (f"{y}年{m}月{d}日生", f"{y}年{m}月{d}日"),
                (f"出生于{y}年{m}月{d}日", f"{y}年{m}月{d}日"),
                (f"出生日期：{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}"),
                (f"（{y}年{m}月出生）", f"{y}年{m}月"),
            )
        )

    def officer_sentence(self) -> Sentence:
        first, second = self.name(3), self.name(3)
        cert1 = "1201" + "".join(self.pick("0123456789") for _ in range(7))
        cert2 = "1201" + "".join(self.pick("0123456789") for _ in range(7))
        authority, organisation = self.pick(AUTHORITIES), self.pick(ORGANISATIONS)
        day = f"2020年{self.rng.randrange(1, 13)}月{self.rng.randrange(1, 29)}日"
        if self.rng.random() < 0.5:
            text = (
                f"{day}，{authority}执法人员{first}、{second}，执法证号{cert1}、{cert2}，"
                f"对{organisation}进行检查，出示执法证件。"
            )
            public = [authority, organisation, first, second, cert1, cert2]
        else:
            text = f"{authority}于{day}立案，{first}（执法证号：{cert1}）现场检查了{organisation}。"
            public = [authority, organisation, first, cert1]
        return Sentence(text, public=public, dates=[day])

    def sentence(self, index: int) -> Sentence:
        kind = index % 10
        rel, name, follow = self.relative(), self.name(), self.pick(FOLLOWING)
        if kind == 0:  # a relative or witness, 2 to 4 characters
            return Sentence(f"经查，当事人王某在门前摆摊，{rel}{name}{follow}。", secrets=[name])
        if kind == 1:  # minority names: every dot, and none after a context word
            dot = (*DOTS, "")[(index // 10) % (len(DOTS) + 1)]
            person = self.minority(dot)
            text = f"{rel}{person}{follow}。" if not dot else f"经查，{person}在门前摆摊。"
            return Sentence(text, secrets=[nfkc(person), *_parts(person)])
        if kind == 2:  # an ID number
            number = self.id_number()
            written = self.written(number, (6, 8, 4))
            return Sentence(f"{rel}{name}（身份证号{written}）{follow}。", secrets=[name, number])
        if kind == 3:  # a mobile or a landline
            if self.rng.random() < 0.5:
                number = self.mobile()
                written = self.written(number, (3, 4, 4))
            else:
                written, number = self.landline()
            return Sentence(f"{rel}{name}，联系电话{written}，{follow}。", secrets=[name, number])
        if kind == 4:  # a date of birth and an age
            birth, secret = self.birth()
            age = self.rng.randrange(18, 80)
            tail = self.pick((f"现年{age}岁", f"{age}周岁"))
            sex = self.pick("男女")
            return Sentence(f"{rel}{name}，{sex}，{birth}，{tail}。", secrets=[name, secret, tail])
        if kind == 5:  # an address to the room
            road = self.pick(ROADS)
            building, unit, room = (
                self.rng.randrange(1, 30),
                self.rng.randrange(1, 7),
                self.rng.randrange(101, 2600),
            )
            house = self.pick(
                (
                    f"{self.rng.randrange(1, 200)}号{building}栋{unit}单元{room}室",
                    f"{building}-{unit}-{room}",
                    f"{building}号楼{unit}单元{room}",
                )
            )
            return Sentence(
                f"{rel}{name}住{road}{house}，{follow}。", secrets=[name, house, str(room)]
            )
        if kind == 6:  # the recorded party, and its given name alone
            party = self.name(3)
            return Sentence(
                f"当事人{party}在门前摆摊，{party[1:]}称不知情。",
                recorded=Recorded(people=(party,)),
                secrets=[party, party[1:]],
            )
        if kind == 7:  # a name already masked (surname + 某) stays as it is
            masked = self.pick(SURNAMES) + "某"
            return Sentence(f"当事人{masked}在门前摆摊，{rel}{name}{follow}。", secrets=[name])
        if kind == 8:  # an organisation named as the party, with a witness
            organisation = self.pick(ORGANISATIONS)
            day = f"2020年{self.rng.randrange(1, 13)}月{self.rng.randrange(1, 29)}日"
            return Sentence(
                f"立案日期{day}，当事人{organisation}在门前堆放杂物，{rel}{name}{follow}。",
                secrets=[name],
                public=[organisation],
                dates=[day],
            )
        return self.officer_sentence()


def _parts(person: str) -> list[str]:
    return [p for p in re.split(r"[•・·‧.．]", person) if len(p) >= 2]


def _leaks(sentence: Sentence, output: str) -> list[str]:
    readable = nfkc(output)
    compact = re.sub(r"[\s\-()]", "", readable)
    leaks = []
    for secret in sentence.secrets:
        plain = nfkc(secret)
        if plain in readable or re.sub(r"[\s\-()]", "", plain) in compact:
            leaks.append(secret)
        elif len(plain) >= 3 and not plain[0].isdigit():
            # A name's given part (two characters at least) is a piece of it too.
            given = plain[2:] if plain[:2] in COMPOUND_SURNAMES else plain[1:]
            if (
                len(given) >= 2
                and given in readable
                and given not in sentence.text.replace(plain, "")
            ):
                leaks.append(secret)
    return leaks


def test_no_personal_data_survives_and_nothing_public_is_damaged():
    corpus = Corpus(SEED)
    sentences = [corpus.sentence(i) for i in range(SENTENCES)]
    secrets = leaked = public = damaged = 0
    leak_samples, damage_samples = [], []
    for sentence in sentences:
        output = mask_text(sentence.text, sentence.recorded).text
        found = _leaks(sentence, output)
        secrets += len(sentence.secrets)
        leaked += len(found)
        if found:
            leak_samples.append((sentence.text, output, found))
        for piece in sentence.public + sentence.dates:
            public += 1
            if piece not in output:
                damaged += 1
                damage_samples.append((sentence.text, output, piece))
    leak_rate = leaked / secrets
    over_masking_rate = damaged / public
    summary = (
        f"{len(sentences)} sentences: leak rate {leak_rate:.2%} ({leaked}/{secrets}), "
        f"over-masking rate {over_masking_rate:.2%} ({damaged}/{public})"
    )
    print(summary)
    assert len(sentences) >= 300
    assert leaked == 0, f"{summary}; {leak_samples[:5]}"
    assert damaged == 0, f"{summary}; {damage_samples[:5]}"


def test_the_corpus_covers_what_it_promises():
    """Every kind of sentence is there, in half and full width, each dot and none."""
    corpus = Corpus(SEED)
    texts = [corpus.sentence(i).text for i in range(SENTENCES)]
    joined = "".join(texts)
    for dot in DOTS:
        assert dot in joined, dot
    assert any(c in joined for c in "０１２３４５６７８９")
    assert any(re.search(r"身份证号\d{6} \d{8} ", t) for t in texts)
    assert any(re.search(r"身份证号\d{6}-\d{8}-", t) for t in texts)
    assert any(surname in joined for surname in COMPOUND_SURNAMES)
    assert "执法证号" in joined and "有限公司" in joined
