"""The statistics page and the dashboard in English: every figure's label a noun phrase that
translates as a whole ("Cases closed", not "Close case"), none left in Chinese."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

# Chinese characters and full-width punctuation; names from the records (streets, villages)
# are left out of what is checked.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PERIOD = "start=2020-01-01&end=2020-09-28"


@pytest.fixture
def office(world):
    client = world.client(world.clerk_a)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    assert response.status_code == 302
    yield client
    # The test client activated English in this thread; the tests after expect Chinese.
    translation.deactivate()


def texts(pattern: str, page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in re.findall(pattern, page, re.S)
    ]


def test_the_statistics_page_names_every_figure_in_english(office):
    page = office.get(f"/office/reports/statistics/?{PERIOD}").content.decode()
    rows = dict(
        (key, html.unescape(label))
        for label, key in re.findall(r"<tr><td>([^<]*)<br><small><code>([a-z0-9_.]+)</code>", page)
    )
    assert len(rows) > 100
    assert [f"{key}: {label}" for key, label in rows.items() if CJK.search(label)] == []
    assert rows["enforcement.cases_closed"] == "Cases closed"
    assert rows["enforcement.cases_filed"] == "Cases filed"
    assert rows["enforcement.cases_archived"] == "Cases archived"
    assert rows["enforcement.reports"] == "Problem reports"
    assert rows["enforcement.cases_found.category.street_vending"] == (
        "Violations found: Occupying the road for business"
    )
    assert rows["legal_services.consultations"] == "Legal consultations"
    assert rows["legal_services.consultations.phone"] == "Consultations: Phone"
    assert rows["reviews.conclusion.approved"] == "Review conclusions: Approved"
    units = texts(r"</a></td><td>([^<]*)</td>", page)
    assert units and [u for u in units if CJK.search(u)] == []
    assert "Close case" not in page and "File the case" not in page


def test_the_dashboard_cards_and_charts_read_in_english(office):
    page = office.get("/office/?year=2020").content.decode()
    cards = texts(r'<div class="label">(.*?)</div>', page)
    assert "Cases closed (cases)" in cards and "Legal consultations (people served)" in cards
    headings = texts(r'<th scope="col"[^>]*>(.*?)</th>', page)
    captions = texts(r"<figcaption>(.*?)</figcaption>", page)
    assert "Month" in headings and "Appointments (times)" in headings
    assert "Problem reports (items)" in headings
    labelled = [*cards, *headings, *captions]
    assert [t for t in labelled if CJK.search(t)] == []
    assert [t for t in cards if re.match(r"(Close|File|Withdraw) ", t)] == []
