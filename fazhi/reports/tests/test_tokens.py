"""Figure tokens: parsed, checked and read as the seed report writes its numbers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.stats import Period
from fazhi.reports import tokens
from fazhi.reports.tokens import FigureToken, in_words, reading

REPORT = Period(date(2020, 1, 1), date(2020, 9, 28))


def read(value: int | float, unit: str, *options: str) -> str:
    (token,) = tokens.tokens("{{fig:" + "|".join(["org.grids", *options]) + "}}")
    return reading(token, value, unit)


def test_a_token_is_parsed_with_its_options():
    text = (
        "一月份值班累计{{fig:legal_services.duty_shifts_held|to=2020-01-31}}，"
        "成员{{fig:legal_services.wechat_group_members|approx=100|unit=人}}。"
    )
    first, second = tokens.tokens(text)
    assert first == FigureToken(
        source="{{fig:legal_services.duty_shifts_held|to=2020-01-31}}",
        key="legal_services.duty_shifts_held",
        end=date(2020, 1, 31),
    )
    assert first.period(REPORT) == Period(date(2020, 1, 1), date(2020, 1, 31))
    assert (second.key, second.step, second.unit, second.words) == (
        "legal_services.wechat_group_members",
        100,
        "人",
        False,
    )
    assert second.period(REPORT) == REPORT


@pytest.mark.parametrize(
    ("value", "unit", "options", "expected"),
    [
        # The seed's exact figures, with the statistic's unit or the word the seed uses.
        (72, "个", (), "72个"),
        (210, "人次", ("unit=个",), "210个"),
        (15, "份", ("unit=条",), "15条"),
        (210, "人次", ("exact", "unit=个"), "210个"),
        (72, "个", ("unit=",), "72"),
        # The seed's approximate figures: rounded down to the step, then 余.
        (263, "名", ("approx=10",), "260余名"),
        (755, "人", ("approx=100",), "700余人"),
        (755, "名", ("approx=100", "unit=人"), "700余人"),
        (276, "条", ("approx=10",), "270余条"),
        (23, "次", ("approx=10",), "20余次"),
        (120, "份", ("approx=100",), "百余份"),
        (199, "份", ("approx=100",), "百余份"),
        (15, "次", ("approx=10",), "十余次"),
        (1500, "人次", ("approx=1000",), "千余人次"),
        # 余 only where there is more than the round number.
        (700, "人", ("approx=100",), "700人"),
        (100, "份", ("approx=100",), "100份"),
        (8, "次", ("approx=10",), "8次"),
        # In words, alone or approximate.
        (120, "份", ("words",), "一百二十份"),
        (72, "个", ("words",), "七十二个"),
        (23, "次", ("words", "approx=10"), "二十余次"),
        (2, "个", ("words",), "两个"),
        (2, "", ("words", "unit="), "二"),
        # Not whole numbers: digits as they are.
        (87.5, "%", (), "87.5%"),
        (88.0, "%", (), "88%"),
        (378.5, "学时", (), "378.5学时"),
    ],
)
def test_readings(value, unit, options, expected):
    assert read(value, unit, *options) == expected


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (72, "七十二"),
        (105, "一百零五"),
        (110, "一百一十"),
        (120, "一百二十"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (10005, "一万零五"),
        (15000, "一万五千"),
        (20300, "二万零三百"),
        (100000, "十万"),
        (1200000, "一百二十万"),
        (100000000, "一亿"),
    ],
)
def test_in_words(n, words):
    assert in_words(n) == words


def messages(text: str, period: Period = REPORT) -> list[str]:
    return [str(p) for p in tokens.problems(text, period)]


def test_a_clean_text_has_no_problems():
    assert (
        messages(
            "辖区{{fig:org.grids}}网格{{fig:org.grid_workers|approx=10}}专兼职网格员，"
            "6月至今预约{{fig:legal_services.appointments|from=2020-06-01}}。"
        )
        == []
    )


def test_an_unknown_statistic_is_named_with_its_token():
    assert messages("电话咨询{{fig:legal_services.calls|unit=个}}，共{{fig:org.grids}}。") == [
        "数字标记“{{fig:legal_services.calls|unit=个}}”：没有名为“legal_services.calls”的统计指标"
        "（可用 fazhi stats 或统计指标页查看键名）。"
    ]


def test_malformed_tokens_are_reported():
    problems = messages(
        "甲{{fig:org.grids 乙{{fig:|exact}} 丙{{fig:org.grids|approx=ten}} "
        "丁{{fig:org.grids|rounded}} 戊{{fig:org.grids|exact|approx=10}} 己{{fig:org.grids|to=2020-13-01}}"
    )
    assert problems == [
        "数字标记“{{fig:org.grids 乙”：缺少结尾的“}}”。",
        "数字标记“{{fig:|exact}}”：缺少统计指标的键名。",
        "数字标记“{{fig:org.grids|approx=ten}}”：约数的步长须为正整数，例如 approx=10 或 approx=100。",
        "数字标记“{{fig:org.grids|rounded}}”：“rounded”不是可用的写法，可用："
        "exact、approx=步长、words、unit=单位、from=日期、to=日期。",
        "数字标记“{{fig:org.grids|exact|approx=10}}”：exact（准确数）与 approx（约数）不能同时使用。",
        "数字标记“{{fig:org.grids|to=2020-13-01}}”：日期“2020-13-01”格式不正确，应为 YYYY-MM-DD，"
        "例如 2020-01-31。",
    ]


def test_a_figure_period_stays_inside_the_report_period():
    assert messages("{{fig:org.grids|from=2019-12-01|to=2020-01-31}}") == [
        "数字标记“{{fig:org.grids|from=2019-12-01|to=2020-01-31}}”：数字的统计期间须在报告的"
        "统计期间（2020年1月1日至2020年9月28日）之内。"
    ]
    assert messages("{{fig:org.grids|from=2020-06-01|to=2020-05-31}}") == [
        "数字标记“{{fig:org.grids|from=2020-06-01|to=2020-05-31}}”：开始日期不能晚于结束日期。"
    ]
    assert messages("{{fig:org.grids|from=2020-09-01}}") == []  # "September to date"


def test_a_ratio_is_not_rounded_or_written_in_words():
    assert messages("{{fig:legal_services.mediation_success_rate|approx=10}}") == [
        "数字标记“{{fig:legal_services.mediation_success_rate|approx=10}}”："
        "“调解成功率”不是整数，不能写成约数或汉字数字。"
    ]
    assert messages("{{fig:study.hours|words}}") != []
    assert messages("{{fig:legal_services.mediation_success_rate}}") == []


def test_check_raises_every_problem_at_once():
    with pytest.raises(ValidationError) as caught:
        tokens.check(["{{fig:a.b}}", "{{fig:org.grids}}", "{{fig:c.d}}"], REPORT)
    assert [m.split("：")[0] for m in caught.value.messages] == [
        "数字标记“{{fig:a.b}}”",
        "数字标记“{{fig:c.d}}”",
    ]


VALUES = {
    ("legal_services.consultations.phone", REPORT): 210,
    ("legal_services.duty_shifts_held", Period(date(2020, 1, 1), date(2020, 1, 31))): 16,
}


def test_render_text_writes_every_figure_out():
    text = (
        "一月份值班累计{{fig:legal_services.duty_shifts_held|to=2020-01-31}}，"
        "电话咨询累计{{fig:legal_services.consultations.phone|unit=个}}。"
    )
    assert tokens.render_text(text, REPORT, VALUES) == "一月份值班累计16次，电话咨询累计210个。"


def test_render_html_links_each_figure_to_its_records():
    def url(key: str, period: Period) -> str:
        return f"/records/{key}?start={period.start}&end={period.end}"

    html = tokens.render_html(
        "<b>一月</b>{{fig:legal_services.duty_shifts_held|to=2020-01-31}}{{fig:nope.nope}}",
        REPORT,
        VALUES,
        url,
    )
    assert html == (
        "&lt;b&gt;一月&lt;/b&gt;"
        '<a class="report-figure" '
        'href="/records/legal_services.duty_shifts_held?start=2020-01-01&amp;end=2020-01-31" '
        'data-key="legal_services.duty_shifts_held" data-start="2020-01-01" '
        'data-end="2020-01-31" data-value="16" data-unit="次">16次</a>'
        '<mark class="report-figure-error">{{fig:nope.nope}}</mark>'
    )
