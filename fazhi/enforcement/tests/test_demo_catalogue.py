"""The demo's catalogue cites real articles: each entry's 违法依据 and 处罚依据 name a regulation
and an article (第X条), never "相应罚则"."""

from __future__ import annotations

import re

import pytest

from fazhi.enforcement import demo_data

ARTICLE = re.compile(r"《[^》]+》第[一二三四五六七八九十百零]+条")


@pytest.mark.parametrize("entry", demo_data.CATALOGUE, ids=lambda e: e[0])
def test_catalogue_entry_cites_articles(entry):
    code, _name, _group, basis, penalty_basis, penalty_range, *_fines = entry
    for text in (basis, penalty_basis):
        assert "相应" not in text and "关于" not in text, (code, text)
        assert ARTICLE.search(text), (code, text)
    assert "相应" not in penalty_range


def test_no_entry_cites_only_a_regulation_by_name():
    for entry in demo_data.CATALOGUE:
        for text in entry[3:5]:
            # Every regulation named is followed by its article.
            for match in re.finditer(r"《[^》]+》", text):
                assert text[match.end() :].startswith("第"), (entry[0], text)
