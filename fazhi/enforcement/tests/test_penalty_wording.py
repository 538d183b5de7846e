"""The penalty in words, one rule everywhere: 警告; 罚款500元 (no 500.00, no doubled 罚款);
没收…，并处罚款500元; the published 执法结论 states the penalty once, and the on-the-spot
decision writes the same sentence (with 人民币)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.enforcement.models import Case
from fazhi.enforcement.services.cases import penalty_text, penalty_words, yuan_in_text
from fazhi.enforcement.services.publication import conclusion_text, publication_publish
from fazhi.enforcement.tests.case_helpers import decided

K = Case.PenaltyKind


@pytest.mark.parametrize(
    ("kind", "fine", "words"),
    [
        (K.WARNING, None, "警告"),
        (K.FINE, Decimal("500.00"), "罚款500元"),
        (K.FINE, Decimal("50.50"), "罚款50.5元"),
        (K.FINE, Decimal("8000"), "罚款8000元"),
        (K.CONFISCATION, Decimal("500"), "没收违法所得、没收非法财物，并处罚款500元"),
        (K.CONFISCATION, None, "没收违法所得、没收非法财物"),
    ],
)
def test_penalty_text(kind, fine, words):
    assert penalty_text(kind, fine) == words


def test_decision_document_wording_is_the_same_with_renminbi():
    case = Case(penalty_kind=K.FINE, fine=Decimal("200.00"))
    assert penalty_words(case) == "罚款人民币200元"
    case = Case(penalty_kind=K.WARNING)
    assert penalty_words(case) == "警告"


def test_amounts_in_typed_text_written_alike():
    assert yuan_in_text("责令改正，并处罚款500.00元。") == "责令改正，并处罚款500元。"
    assert yuan_in_text("罚款8,000.50 元，已缴1,200元") == "罚款8000.5 元，已缴1200元"
    assert yuan_in_text("第2号，面积6.00平方米") == "第2号，面积6.00平方米"


def _case(kind, fine, text, procedure=Case.Procedure.GENERAL, outcome=Case.Outcome.PENALTY):
    return Case(
        outcome=outcome, penalty_kind=kind, fine=fine, decision_text=text, procedure=procedure
    )


@pytest.mark.parametrize(
    ("case", "conclusion"),
    [
        # The demo's decision: the typed text states the fine (in 500.00): said once, as 500元.
        (
            _case(K.FINE, Decimal("500.00"), "责令改正，并处罚款500.00元。"),
            "行政处罚：责令改正，并处罚款500元。",
        ),
        (_case(K.WARNING, None, ""), "行政处罚：警告。"),
        # A fine typed in words, not figures: the figures lead (a reader compares amounts).
        (
            _case(K.FINE, Decimal("200"), "责令改正，罚款二百元。"),
            "行政处罚：罚款200元。责令改正，罚款二百元。",
        ),
        (
            _case(K.FINE, Decimal("100"), "责令改正，处罚款人民币100元。"),
            "行政处罚：责令改正，处罚款人民币100元。",
        ),
        (_case(K.WARNING, None, "责令改正。"), "行政处罚：警告。责令改正。"),
        (_case(K.FINE, Decimal("500"), "责令改正。"), "行政处罚：罚款500元。责令改正。"),
        (
            _case(K.CONFISCATION, Decimal("500"), ""),
            "行政处罚：没收违法所得、没收非法财物，并处罚款500元。",
        ),
        # The on-the-spot text is the whole decision: the fields give the penalty.
        (
            _case(
                K.FINE,
                Decimal("50.00"),
                "当事人…决定给予罚款人民币50.00元的行政处罚。",
                procedure=Case.Procedure.ON_THE_SPOT,
            ),
            "行政处罚：罚款50元。",
        ),
        (
            _case("", None, "违法行为轻微并及时改正，依法不予行政处罚。", outcome="no_penalty"),
            "违法行为轻微并及时改正，依法不予行政处罚。",
        ),
    ],
)
def test_conclusion_states_the_penalty_once(case, conclusion):
    assert conclusion_text(case) == conclusion


@pytest.mark.django_db
def test_published_decision_reads_as_a_decision(world, enf):
    case = decided(world, enf, fine=Decimal("100.00"), decision_text="责令改正，并处罚款100.00元。")
    publication = publication_publish(actor=enf.officer1, case=case)
    assert publication.conclusion == "行政处罚：责令改正，并处罚款100元。"
    assert publication.conclusion.count("罚款") == 1
    url = reverse("enforcement:publication_detail", args=[publication.pk])
    page = world.client(enf.officer1).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "并处罚款100元" in html and "100.00元" not in html
