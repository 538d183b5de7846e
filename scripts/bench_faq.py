"""How fast the legal FAQ's search answers at 100,000 entries, against the raw query it wraps.

    FAZHI_ENV=test .venv/bin/python scripts/bench_faq.py [--entries 100000] [--queries 200]
        [--runs 6] [--seed 2020] [--no-postgres]

On SQLite (var/bench/faq.sqlite3, made anew each run) and, when PostgreSQL answers on
127.0.0.1:5432, on a throwaway database: migrate, write ENTRIES synthetic but plausible FAQ
entries (questions and answers put together from fragments of Chinese legal Q&A, the same for
the same seed; nine in ten published, the rest drafts or retired) for one street in bulk, then
index them with ``fazhi.outreach.search.rebuild_index`` (timed: target under 60 s). The
fragments repeat, and text is cut block by block through a cache, so the build cuts far less
than real text would need: the speed of cutting text never seen is measured and printed too.

Then, over QUERIES queries (single words, several words, questions as residents type them,
synonyms, words found nowhere, FTS syntax), each run RUNS times alternating with its floor
(each first in turn):

    search    ``search.search()`` as the portal calls it, ranking and reading and highlighting
              the first page of 20
    floor     the ranking statement(s) it executes (the same MATCH / @@ SQL and parameters),
              run directly on the cursor

Prints the p50 and p95 of each query's median in milliseconds, and their ratio. Targets: p95
under 10 ms and within 2× of the floor. Not a test; the figures move with a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH = ROOT / "var" / "bench"
STREET = "bench"
PAGE = 20

# --- the synthetic FAQ -------------------------------------------------------------------------

CONTEXTS = [
    "疫情期间",
    "复工复产后",
    "春节假期里",
    "企业经营困难时",
    "小区封闭管理期间",
    "合同履行过程中",
    "疫情防控措施解除后",
    "试用期内",
    "租期未满时",
    "装修期间",
    "",
]
TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    # category: (subjects, matters, the law they rest on)
    "labour": (
        ["职工", "农民工", "外卖骑手", "快递员", "劳务派遣工", "实习生", "退休返聘人员"],
        [
            "停工停产期间的工资怎么发",
            "被拖欠工资",
            "被单位降薪",
            "加班没有加班工资",
            "被要求休年休假",
            "劳动合同到期",
            "被单位解除劳动合同",
            "工作中受伤能否认定工伤",
            "单位不缴社会保险",
            "被调岗",
        ],
        ["《中华人民共和国劳动合同法》", "《工资支付暂行规定》", "《工伤保险条例》"],
    ),
    "tenancy": (
        ["租户", "房东", "个体工商户", "合租人"],
        [
            "房租能不能减免",
            "押金不退",
            "提前退租",
            "转租给他人",
            "房屋漏水谁来维修",
            "租赁合同到期后续租",
        ],
        ["《中华人民共和国合同法》", "《商品房屋租赁管理办法》"],
    ),
    "contract": (
        ["商户", "供货商", "承包人", "买方", "卖方"],
        [
            "因不可抗力不能按时交货",
            "对方违约",
            "定金能不能退",
            "要求解除合同",
            "要求变更合同",
            "合同约定的违约金过高",
        ],
        ["《中华人民共和国合同法》", "《中华人民共和国民法总则》"],
    ),
    "consumer": (
        ["消费者", "老年人", "网购买家", "会员"],
        [
            "预付卡不能退费",
            "买到假冒伪劣口罩",
            "网购商品七天无理由退货",
            "商家哄抬物价",
            "付款后卖家不发货",
            "健身房停业后会员费",
        ],
        ["《中华人民共和国消费者权益保护法》", "《中华人民共和国价格法》"],
    ),
    "public_order": (
        ["居民", "外来人员", "网民", "司机"],
        [
            "不戴口罩进入公共场所",
            "拒不配合测温登记",
            "在微信群转发不实消息",
            "辱骂防疫人员",
            "高空抛物",
            "噪声扰民",
        ],
        ["《中华人民共和国治安管理处罚法》", "《中华人民共和国传染病防治法》"],
    ),
    "marriage_family": (
        ["夫妻", "老人", "未成年人的父母", "子女"],
        ["协议离婚", "抚养费不给付", "子女不给赡养费", "遭受家庭暴力", "立遗嘱", "继承房产"],
        ["《中华人民共和国婚姻法》", "《中华人民共和国继承法》", "《中华人民共和国反家庭暴力法》"],
    ),
    "property": (
        ["业主", "物业公司", "业主委员会"],
        ["物业费能不能减免", "停车位被占用", "公共收益怎么分配", "装修被物业阻拦", "电梯长期停用"],
        ["《物业管理条例》", "《中华人民共和国物权法》"],
    ),
    "social_security": (
        ["失业人员", "灵活就业人员", "困难群众", "企业"],
        ["领取失业保险金", "社会保险费减免", "医疗保险报销", "申请最低生活保障", "养老保险断缴"],
        ["《中华人民共和国社会保险法》", "《失业保险条例》"],
    ),
}
ASKS = [
    "应当怎么处理",
    "合法吗",
    "有什么法律规定",
    "可以要求赔偿吗",
    "应当找哪个部门",
    "要承担什么责任",
    "怎么维权",
    "需要准备哪些材料",
]
RULES = [
    "双方应当遵循诚实信用原则，协商解决",
    "当事人应当按照约定全面履行自己的义务",
    "一方违约的，应当承担继续履行、采取补救措施或者赔偿损失等责任",
    "因不可抗力不能履行的，根据不可抗力的影响部分或者全部免除责任",
    "用人单位应当按照劳动合同约定和国家规定及时足额支付劳动报酬",
    "经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿",
    "违反治安管理的，由公安机关依法给予治安管理处罚",
    "业主应当按照约定交纳物业服务费用",
    "符合条件的，可以依法申请领取相应待遇",
    "涉及个人信息的，应当依法保护，不得泄露",
]
ADVICE = [
    "建议保留合同、聊天记录、转账凭证等证据",
    "可以向劳动保障监察机构投诉或者申请劳动争议仲裁",
    "可以向市场监督管理部门投诉举报",
    "可以申请人民调解，也可以向人民法院起诉",
    "可以拨打12348公共法律服务热线咨询",
    "可以到村（居）委会向法律顾问咨询",
    "情况紧急的，请立即拨打110报警",
]
ARTICLES = "一二三四五六七八九十"


def _article(rng: random.Random) -> str:
    n = rng.randint(1, 99)
    tens, ones = divmod(n, 10)
    text = (ARTICLES[tens - 1] if tens > 1 else "") + ("十" if tens else "")
    return f"第{text}{ARTICLES[ones - 1] if ones else ''}条"


def faq_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` FAQ entries, the same for the same seed; questions are unique."""
    rng = random.Random(seed)
    categories = list(TOPICS)
    seen: set[str] = set()
    rows = []
    while len(rows) < count:
        category = rng.choice(categories)
        subjects, matters, laws = TOPICS[category]
        subject, matter = rng.choice(subjects), rng.choice(matters)
        amount = rng.randint(2, 400) * 100
        question = f"{rng.choice(CONTEXTS)}{subject}{matter}，涉及{amount}元，{rng.choice(ASKS)}？"
        if question in seen:
            continue
        seen.add(question)
        law = rng.choice(laws)
        answer = (
            f"根据{law}{_article(rng)}的规定，{rng.choice(RULES)}。"
            f"{subject}{matter}的，{rng.choice(RULES)}。"
            f"本问题涉及金额{amount}元，{rng.choice(ADVICE)}；{rng.choice(ADVICE)}。"
        )
        roll = rng.random()
        status = "published" if roll < 0.9 else ("draft" if roll < 0.96 else "retired")
        rows.append(
            {
                "category": category,
                "question": question,
                "answer": answer,
                "law_references": f"{law}{_article(rng)}\n{rng.choice(laws)}{_article(rng)}",
                "status": status,
            }
        )
    return rows


def queries(count: int, seed: int) -> list[str]:
    """Queries as residents type them, deterministic for the seed."""
    rng = random.Random(seed + 1)
    words = [
        "工资",
        "口罩",
        "押金",
        "房租",
        "不可抗力",
        "违约金",
        "定金",
        "年休假",
        "工伤",
        "社会保险",
        "预付卡",
        "退货",
        "物业费",
        "停车位",
        "抚养费",
        "赡养费",
        "家庭暴力",
        "遗嘱",
        "失业保险金",
        "最低生活保障",
        "高空抛物",
        "噪声",
        "防疫人员",
        "测温",
        "劳动合同",
        "加班",
        "降薪",
        "快递员",
        "外卖骑手",
        "业主委员会",
        "民法典",
        "12348",
    ]
    questions = [
        "停工期间工资怎么发",
        "房东不退押金怎么办",
        "疫情期间房租能减免吗",
        "买到假口罩怎么赔偿",
        "不戴口罩会被处罚吗",
        "单位不交社保怎么办",
        "离婚后孩子抚养费怎么算",
        "物业费可以不交吗",
        "合同违约要赔多少钱",
        "工作受伤怎么认定工伤",
    ]
    odd = [
        "欠薪",
        "讨薪",
        "火星移民",
        "区块链",
        '"工资"',
        "NEAR(工资 口罩)",
        "工资 -押金",
        "(押金*",
    ]
    result = []
    for n in range(count):
        kind = n % 10
        if kind < 4:
            result.append(rng.choice(words))
        elif kind < 6:
            result.append(" ".join(rng.sample(words, 2)))
        elif kind < 9:
            result.append(rng.choice(questions))
        else:
            result.append(rng.choice(odd))
    return result


# --- the measuring child: one database, set up by DATABASE_URL -----------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(entries: int, query_count: int, runs: int, seed: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ["FAZHI_DEBUG"] = "0"
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection, transaction

    from fazhi.org import services as org_services
    from fazhi.org.models import District
    from fazhi.outreach import search
    from fazhi.outreach import services as outreach_services
    from fazhi.outreach.models import FaqEntry

    out: dict[str, Any] = {"vendor": connection.vendor, "entries": entries}
    call_command("migrate", verbosity=0)
    district = District.objects.create(name="滨海新区", city="天津市")
    street = org_services.street_create(actor=None, district=district, name="试验街", slug=STREET)
    for term, synonyms in [
        ("欠薪", "拖欠工资、不发工资"),
        ("讨薪", "追讨工资"),
        ("社保", "社会保险"),
    ]:
        outreach_services.faq_synonym_create(
            street=street, actor=None, term=term, synonyms=synonyms
        )

    started = time.perf_counter()
    rows = faq_rows(entries, seed)
    published, retired = date(2020, 3, 1), date(2020, 9, 1)
    with transaction.atomic():
        FaqEntry.objects.bulk_create(
            [
                FaqEntry(
                    street=street,
                    published_on=None if row["status"] == "draft" else published,
                    retired_on=retired if row["status"] == "retired" else None,
                    **row,
                )
                for row in rows
            ],
            batch_size=2000,
        )
    out["written"] = time.perf_counter() - started
    out["chars"] = sum(
        len(r["question"]) + len(r["answer"]) + len(r["law_references"]) for r in rows
    )
    del rows

    started = time.perf_counter()
    out["indexed"] = search.rebuild_index()
    out["build"] = time.perf_counter() - started
    cache = search._block_words.cache_info()
    out["blocks"] = {"distinct": cache.misses, "repeated": cache.hits}
    # The fragments repeat, so most blocks came from the cache: how fast is text never seen
    # (the Haibin demo's FAQ, cut afresh)?
    from fazhi.outreach.demo_faq import FAQ

    demo_text = [part for entry in FAQ for part in entry[1:4]]
    passes = []
    for _ in range(3):
        search._block_words.cache_clear()
        started = time.perf_counter()
        for part in demo_text:
            search.segment(part)
        passes.append(time.perf_counter() - started)
    out["unseen_chars_per_s"] = sum(map(len, demo_text)) / min(passes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def floor_statements(query: str) -> list[tuple[str, list[Any]]]:
        """The statements ``search.search`` executes to rank ``query``."""
        parsed = search.parse_query(query, search.synonym_sets(street))
        if not parsed.groups:
            return []
        first = search.ranking_sql(parsed, street.pk)
        statements = [first]
        with connection.cursor() as cursor:
            cursor.execute(*first)
            if not cursor.fetchall() and len(parsed.groups) > 1:
                statements.append(search.ranking_sql(parsed, street.pk, every=False))
        return statements

    def run_search(query: str) -> int:
        result = search.search(street, query)
        result[:PAGE]
        return len(result)

    def run_floor(statements: list[tuple[str, list[Any]]]) -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    texts = queries(query_count, seed)
    plans = [floor_statements(q) for q in texts]
    found = [run_search(q) for q in texts]  # warm: the tokenizer, the caches, the statements
    mine: list[float] = []
    floor: list[float] = []
    for text, plan in zip(texts, plans, strict=True):
        a, b = [], []
        for n in range(runs):
            # Each goes first every other run: the second finds the pages the first read.
            for which in (0, 1) if n % 2 == 0 else (1, 0):
                t0 = time.perf_counter()
                if which == 0:
                    run_search(text)
                else:
                    run_floor(plan)
                (a if which == 0 else b).append(time.perf_counter() - t0)
        mine.append(1000 * statistics.median(a))
        floor.append(1000 * statistics.median(b))
    out["search"] = {"p50": _percentile(mine, 0.5), "p95": _percentile(mine, 0.95)}
    out["floor"] = {"p50": _percentile(floor, 0.5), "p95": _percentile(floor, 0.95)}
    out["found"] = {
        "median": statistics.median(found),
        "none": sum(1 for n in found if n == 0),
        "capped": sum(1 for n in found if n >= search.MAX_RESULTS),
        "queries": len(found),
        "cap": search.MAX_RESULTS,
    }
    slowest = sorted(zip(mine, texts, strict=True), reverse=True)[:3]
    out["slowest"] = [[round(ms, 2), text] for ms, text in slowest]
    print(json.dumps(out, ensure_ascii=False))


# --- the parent: a database per vendor, a child each, the report -------------------------------


def _child(url: str, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ, DATABASE_URL=url, FAZHI_ENV="test", FAZHI_DATA_DIR=str(BENCH / "data"))
    command = [sys.executable, __file__, "--measure"]
    for name in ("entries", "queries", "runs", "seed"):
        command += [f"--{name}", str(getattr(args, name))]
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _postgres_up() -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", 5432)) == 0


def _report(label: str, m: dict[str, Any], runs: int) -> None:
    f = m["found"]
    print(f"\n{label}: {m['entries']:,} entries, {m['chars']:,} characters")
    print(f"  entries written in bulk                     {m['written']:>8.1f} s")
    print(
        f"  index built (rebuild_index)                 {m['build']:>8.1f} s   target < 60 s"
        f"   ({m['blocks']['distinct']:,} distinct text blocks cut,"
        f" {m['blocks']['repeated']:,} repeated ones from the cache)"
    )
    rate = m["unseen_chars_per_s"]
    print(
        f"  cutting text never seen: {rate / 1e6:.2f} million characters/s, so"
        f" about {m['chars'] / rate:.0f} s to cut the same characters were every block distinct"
    )
    print(
        f"  {f['queries']} queries, each the median of {runs} runs; entries found: median "
        f"{f['median']:g}, none for {f['none']}, the cap of {f['cap']} reached by {f['capped']}"
    )
    print(f"  {'':<30}{'p50 ms':>10}{'p95 ms':>10}")
    s, fl = m["search"], m["floor"]
    print(
        f"  {'search() (first page of 20)':<30}{s['p50']:>10.2f}{s['p95']:>10.2f}   target p95 < 10 ms"
    )
    print(f"  {'floor: its raw SQL':<30}{fl['p50']:>10.2f}{fl['p95']:>10.2f}")
    print(
        f"  {'ratio':<30}{s['p50'] / fl['p50']:>9.2f}x{s['p95'] / fl['p95']:>9.2f}x   target ≤ 2×"
    )
    print("  slowest: " + "; ".join(f"{text} {ms} ms" for ms, text in m["slowest"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.entries, args.queries, args.runs, args.seed)
        return

    BENCH.mkdir(parents=True, exist_ok=True)
    results = {}
    db = BENCH / "faq.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    results["SQLite (FTS5)"] = _child(f"sqlite:///{db}", args)
    if not args.no_postgres and _postgres_up():
        name = f"fazhi_bench_faq_{os.getpid()}"
        throwaway = [sys.executable, str(ROOT / "scripts/throwaway_db.py")]
        subprocess.run([*throwaway, "create", name], check=True)
        try:
            results["PostgreSQL (tsvector, GIN)"] = _child(
                f"postgres://postgres@127.0.0.1:5432/{name}", args
            )
        finally:
            subprocess.run([*throwaway, "drop", name], check=True)
    else:
        print("No PostgreSQL on 127.0.0.1:5432 (or --no-postgres): SQLite only.")
    print(f"\nLegal FAQ search; {os.cpu_count()} CPUs shared with other work.")
    for label, m in results.items():
        _report(label, m, args.runs)


if __name__ == "__main__":
    main()
