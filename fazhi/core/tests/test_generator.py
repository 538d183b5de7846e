"""The district generator (``core.generator``, each app's ``generate.py``).

One district for the module, next to the Haibin demo (loaded once, the slowest fixture of the
suite): two generated streets with the year 2019 at three tenths of Haibin's volume. The tests read
it; the refusal and determinism tests write inside a transaction rolled back at their end.
The invariant checks (``*_problems``) also serve to check a full-size run by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.utils import timezone

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import verify
from fazhi.core.generator import generate, parse_years, street_names
from fazhi.enforcement import deadlines
from fazhi.enforcement.masking import mask_public_text, public_party
from fazhi.enforcement.models import (
    Case,
    CaseStep,
    EnforcementSettings,
    LegalReview,
    Patrol,
    Publication,
    Report,
)
from fazhi.enforcement.services.publication import public_conclusion
from fazhi.legal_services.models import (
    Appointment,
    Consultation,
    DutyShift,
    Mediation,
    ServiceSuspension,
    Topic,
)
from fazhi.org.models import Department, Street, User
from fazhi.org.services import department_create
from fazhi.reviews.models import ReviewRequest

pytestmark = pytest.mark.django_db

YEAR = 2019
SCALE = 0.3
S = Case.Status


def stats(slug: str, start: str = "2020-01-01", end: str = "2020-09-28") -> dict[str, Any]:
    out = StringIO()
    call_command("stats", "--street", slug, "--from", start, "--to", end, "--json", stdout=out)
    values: dict[str, Any] = json.loads(out.getvalue())
    return values


@pytest.fixture(scope="module")
def district(demo_snapshot: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo, its figures, then two generated streets; removed after the module."""
    with django_db_blocker.unblock():
        demo_snapshot.restore()
        before = stats("haibin")
        out = StringIO()
        streets = generate(streets=2, years=[YEAR], scale=SCALE, seed=7, stdout=out)
        yield {"streets": streets, "before": before, "output": out.getvalue()}
        call_command("flush", interactive=False, verbosity=0)


# --- checks ---------------------------------------------------------------------------------


def _street_models() -> list[tuple[type[models.Model], str]]:
    """Every model whose records belong to a street, with the path to the street."""
    found = []
    for model in apps.get_models():
        path = getattr(model, "scope_street", None)
        if isinstance(path, str) and model is not Street:
            found.append((model, path.removesuffix("__id") if path != "id" else "pk"))
    return found


def cross_street_problems(street: Street) -> list[str]:
    """Links from a record of ``street`` to a record of another street (foreign keys and the
    many-to-many tables)."""
    problems = []
    scoped = dict(_street_models())
    for model, path in scoped.items():
        mine = model._base_manager.filter(**{path: street})
        for f in model._meta.concrete_fields:
            target = f.related_model
            if not f.is_relation or target not in scoped or target is Street:
                continue
            other = f"{f.name}__{scoped[target]}"
            wrong = mine.exclude(**{f"{f.name}__isnull": True}).exclude(**{other: street})
            if wrong.exists():
                problems.append(f"{model.__name__}.{f.name}: {wrong.count()}")
        for m2m in model._meta.many_to_many:
            target = m2m.related_model
            if target not in scoped:
                continue
            through: Any = m2m.remote_field.through
            source, name = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            rows = through._base_manager.filter(**{f"{source}__{path}": street})
            wrong = rows.exclude(**{f"{name}__{scoped[target]}": street})
            if wrong.exists():
                problems.append(f"{model.__name__}.{m2m.name}: {wrong.count()}")
    return problems


def validation_problems(street: Street, limit: int = 400) -> list[str]:
    """Records of ``street`` that their model's own validation (fields, constraints,
    ``clean``) refuses, for the first ``limit`` of each table."""
    problems = []
    for model, path in _street_models():
        for obj in model._base_manager.filter(**{path: street}).order_by("pk")[:limit]:
            try:
                obj.full_clean()
            except ValidationError as exc:
                problems.append(f"{model.__name__} {obj.pk}: {exc.messages}")
    return problems


# The case's dates in the order of the procedure.
ORDER = ("stopped_at", "filed_on", "notified_on", "decided_on", "served_on", "executed_on",
         "closed_on", "archived_on")  # fmt: skip
# What each state has recorded, and what it has not yet.
HAS = {
    S.FOUND: ((), ("stopped_at", "filed_on", "decided_on", "closed_on", "transferred_on")),
    S.STOPPED: (("stopped_at",), ("filed_on", "decided_on", "closed_on", "transferred_on")),
    S.FILED: (("filed_on", "decision_due_on"), ("notified_on", "decided_on", "closed_on")),
    S.INVESTIGATING: (("filed_on",), ("decided_on", "closed_on")),
    S.NOTIFIED: (("filed_on", "notified_on"), ("decided_on", "closed_on")),
    S.REVIEWING: (("filed_on", "notified_on"), ("decided_on", "closed_on")),
    S.DECIDED: (("decided_on", "decision_no", "outcome"), ("served_on", "closed_on")),
    S.SERVED: (("decided_on", "served_on"), ("executed_on", "closed_on")),
    S.EXECUTED: (("served_on", "executed_on"), ("closed_on",)),
    S.CLOSED: (("closed_on", "outcome"), ("archived_on",)),
    S.TRANSFERRED: (("transferred_on", "transferred_to"), ("archived_on", "decided_on")),
    S.ARCHIVED: (("archived_on", "archive_no", "outcome"), ()),
}


def _day(value: Any) -> Any:
    return timezone.localtime(value).date() if hasattr(value, "hour") else value


def case_problems(case: Case) -> list[str]:
    """How ``case`` breaks the rules the case services keep (its state, its dates, its steps,
    its review and deadlines); empty when it keeps them."""
    p: list[str] = []
    has, lacks = HAS[S(case.status)]
    p += [f"{case.status} without {name}" for name in has if not getattr(case, name)]
    p += [f"{case.status} with {name}" for name in lacks if getattr(case, name)]
    days = [(name, _day(getattr(case, name))) for name in ORDER if getattr(case, name)]
    previous = ("found_at", _day(case.found_at))
    for name, day in days:
        if day < previous[1]:
            p.append(f"{name} {day} before {previous[0]} {previous[1]}")
        previous = (name, day)
    filed, due = case.filed_on, case.decision_due_on
    if filed and not case.deadline_extension_reason and due != deadlines.decision_due(filed):
        p.append("decision deadline not 90 days after filing")
    if filed and due and due > deadlines.decision_extension_last_day(filed):
        p.append("decision deadline extended past 60 days")
    steps = list(case.steps.order_by("occurred_at", "id"))
    if not steps or steps[0].kind != CaseStep.Kind.REGISTER:
        p.append("no registration step first")
    state = ""
    for step in steps:
        if step.status_before != state:
            p.append(f"step {step.kind} from {step.status_before}, case was {state}")
        state = step.status_after
    if state != case.status:
        p.append(f"last step leaves {state}, case is {case.status}")
    officers = set(case.officers.values_list("pk", flat=True))
    if len(officers) < 2 or case.officers.filter(enforcement_certificate_no="").exists():
        p.append("fewer than two certified officers")
    reviewers = set(case.legal_reviews.values_list("reviewer_id", flat=True))
    if reviewers & (officers | set(case.deciders.values_list("pk", flat=True))):
        p.append("a reviewer handles the case")
    settings = EnforcementSettings.for_street(case.street_id)
    if case.decided_on:
        if case.is_major(settings) and case.passed_review() is None:
            p.append("major case decided without a passed review")
        if (
            case.fine is not None
            and case.proposed_fine is not None
            and case.fine > case.proposed_fine
        ):
            p.append("fine above the notice")
        if case.fine is not None and not (
            (case.category.fine_min or 0) <= case.fine <= (case.category.fine_max or case.fine)
        ):
            p.append("fine outside the category's range")
        if case.procedure == Case.Procedure.GENERAL and case.outcome == Case.Outcome.PENALTY:
            if not case.notified_on:
                p.append("penalty without notice")
            if (
                case.hearing_applicable
                and case.notified_on
                and case.hearing_requested_on is None
                and case.decided_on <= deadlines.hearing_request_last_day(case.notified_on)
            ):
                p.append("decided inside the hearing-request window")
        if case.hearing_requested_on and not case.hearing_on:
            p.append("decided before the requested hearing")
        if case.procedure == Case.Procedure.ON_THE_SPOT and case.fine is not None:
            limit = 200 if case.party_kind == Case.PartyKind.INDIVIDUAL else 3000
            if case.fine > limit:
                p.append("on-the-spot fine above the limit")
        if case.publish_due_on != deadlines.publication_due(
            case.decided_on, case.outcome, settings
        ):
            p.append("publication deadline miscounted")
        if case.deciders.count() < 2:
            p.append("fewer than two deciders")
    publication = Publication.objects.filter(case=case).first()
    if publication is not None:
        if case.decided_on is None or publication.published_on < case.decided_on:
            p.append("published before the decision")
        if publication.withdrawn_on and not case.decision_changed_on:
            p.append("withdrawn without a changed decision")
    return p


def service_problems(street: Street) -> list[str]:
    """How the street's reports, shifts, bookings, mediations and reviews break the rules of
    their services; empty when they keep them."""
    p: list[str] = []
    for report in Report.objects.filter(street=street):
        accepted = Case.objects.filter(report=report).exists()
        if (report.status == Report.Status.ACCEPTED) != accepted:
            p.append(f"report {report.pk} {report.status}, case {accepted}")
        if report.status != Report.Status.PENDING and not (
            report.handled_at and report.handled_at >= report.reported_at
        ):
            p.append(f"report {report.pk} handled before reported")
        if report.status == Report.Status.DISMISSED and not report.dismiss_reason:
            p.append(f"report {report.pk} dismissed without a reason")
        if report.source == Report.Source.RESIDENT and not report.tracking_code:
            p.append(f"report {report.pk} from a resident without a tracking code")
    for shift in DutyShift.objects.filter(street=street).prefetch_related("appointments"):
        attended = [a for a in shift.appointments.all() if a.status == Appointment.Status.ATTENDED]
        if attended and shift.status != DutyShift.Status.HELD:
            p.append(f"shift {shift.pk} {shift.status} with residents attended")
        if shift.status == DutyShift.Status.HELD and (shift.consultations_handled or 0) < len(
            attended
        ):
            p.append(f"shift {shift.pk} handled fewer than attended")
        if shift.status == DutyShift.Status.CANCELLED and not shift.cancel_reason:
            p.append(f"shift {shift.pk} cancelled without a reason")
        holding = [a for a in shift.appointments.all() if a.status in Appointment.HOLDING]
        if len(holding) > shift.capacity:
            p.append(f"shift {shift.pk} overbooked")
        for a in shift.appointments.all():
            if a.status_changed_at is None or a.status_changed_at < a.consent_at:
                p.append(f"appointment {a.code} changed before it was booked")
    for mediation in Mediation.objects.filter(street=street):
        closed = mediation.status in Mediation.CLOSED
        if closed != (mediation.closed_on is not None):
            p.append(
                f"mediation {mediation.case_no} {mediation.status}, closed {mediation.closed_on}"
            )
        has_agreement = hasattr(mediation, "agreement")
        if has_agreement and mediation.status != Mediation.Status.SUCCEEDED:
            p.append(f"mediation {mediation.case_no} agreement but {mediation.status}")
        if mediation.status != Mediation.Status.ACCEPTED and not mediation.sessions.exists():
            p.append(f"mediation {mediation.case_no} {mediation.status} without a session")
    for review in ReviewRequest.objects.filter(street=street):
        done = review.status == ReviewRequest.Status.COMPLETED
        if done != bool(review.completed_on and review.conclusion and review.opinion):
            p.append(f"review {review.pk} {review.status}, opinion {review.completed_on}")
        if review.status == ReviewRequest.Status.WITHDRAWN and not review.withdraw_reason:
            p.append(f"review {review.pk} withdrawn without a reason")
        if review.fate != ReviewRequest.Fate.PENDING and not done:
            p.append(f"review {review.pk} has a fate before its opinion")
    return p


def masking_problems(street: Street) -> list[str]:
    """Publications whose texts differ from what ``publication_publish`` writes (the generator
    masks through a probe, see ``enforcement.generate.public_probe``)."""
    problems = []
    for publication in Publication.objects.filter(case__street=street).select_related(
        "case__category", "case__street"
    ):
        case = publication.case
        expected = (
            public_party(case)[:100],
            mask_public_text(case.facts, case),
            public_conclusion(case),
        )
        actual = (publication.party, publication.facts, publication.conclusion)
        if expected != actual:
            problems.append(f"{case.number}: {actual} != {expected}")
    return problems


# --- the tests ------------------------------------------------------------------------------


def test_rows_in_every_table_of_each_street(district):
    streets = district["streets"]
    for street in streets:
        per_table: dict[str, models.QuerySet[Any]] = {
            "patrols": Patrol.objects.filter(street=street),
            "reports": Report.objects.filter(street=street),
            "cases": Case.objects.filter(street=street),
            "steps": CaseStep.objects.filter(case__street=street),
            "legal reviews": LegalReview.objects.filter(case__street=street),
            "publications": Publication.objects.filter(case__street=street),
            "consultations": Consultation.objects.filter(street=street),
            "duty shifts": DutyShift.objects.filter(street=street),
            "appointments": Appointment.objects.filter(street=street),
            "mediations": Mediation.objects.filter(street=street),
            "review requests": ReviewRequest.objects.filter(street=street),
            "audit rows": AuditEntry.objects.filter(street=street),
            "accounts": User.objects.filter(street=street),
        }
        empty = [name for name, rows in per_table.items() if not rows.exists()]
        assert not empty, f"{street.name}: {empty}"
    # Every source, channel and topic (the rarer ones are a few a year at this scale).
    reports = Report.objects.filter(street__in=streets)
    assert set(reports.values_list("source", flat=True)) == set(Report.Source.values)
    consultations = Consultation.objects.filter(street__in=streets)
    assert set(consultations.values_list("channel", flat=True)) == set(Consultation.Channel.values)
    # (疫情防控 is asked from 2020 on: see the epidemic's test.)
    assert set(consultations.values_list("topic", flat=True)) == set(Topic.values) - {
        Topic.EPIDEMIC
    }
    assert "各表行数" in district["output"] and "enforcement_case " in district["output"]


def test_a_year_looks_like_haibins(district):
    """Scaled to a full year, the volumes are Haibin's: some three hundred cases, two to three
    hundred patrols, a hundred-odd reports, three to four hundred consultations."""
    for street in district["streets"]:
        per_year = {
            "cases": (Case.objects.filter(street=street).count(), 250, 480),
            "patrols": (Patrol.objects.filter(street=street).count(), 200, 400),
            "reports": (Report.objects.filter(street=street).count(), 70, 200),
            "consultations": (Consultation.objects.filter(street=street).count(), 250, 700),
        }
        for name, (count, low, high) in per_year.items():
            assert low <= count / SCALE <= high, f"{street.name} {name}: {count}"


def test_records_link_only_to_their_own_street(district):
    for street in district["streets"]:
        assert cross_street_problems(street) == []


def test_records_pass_their_models_validation(district):
    for street in district["streets"]:
        assert validation_problems(street) == []


def test_a_cases_state_matches_its_dates_and_steps(district):
    cases = Case.objects.filter(street__in=district["streets"]).select_related("category")
    problems = {case.number: found for case in cases if (found := case_problems(case))}
    assert problems == {}
    # Cases stand in many stages at the year's end, and only recent ones are still open (an
    # unpaid fine waits for the court for months; nothing is left half-way for good).
    states = set(cases.values_list("status", flat=True))
    assert len(states) >= 5, states
    finished = (S.CLOSED, S.ARCHIVED, S.TRANSFERRED)
    stale = cases.exclude(status__in=finished).filter(
        found_at__lt=datetime(YEAR, 5, 1, tzinfo=timezone.get_default_timezone())
    )
    assert not stale.exists(), list(stale.values_list("number", "status"))


def test_reports_bookings_mediations_and_reviews_keep_their_rules(district):
    for street in district["streets"]:
        assert service_problems(street) == []


def test_publications_are_masked_as_the_service_masks_them(district):
    for street in district["streets"]:
        assert Publication.objects.filter(case__street=street).exists()
        assert masking_problems(street) == []


def test_the_audit_chain_verifies_and_names_every_case(district):
    result = verify()
    assert result.ok, result.reason
    for street in district["streets"]:
        cases = Case.objects.filter(street=street)
        created = AuditEntry.objects.filter(
            street=street, object_type="enforcement.case", action=Action.CREATE
        )
        assert sorted(created.values_list("object_id", flat=True)) == sorted(
            str(pk) for pk in cases.values_list("pk", flat=True)
        )
        # Rows carry the time the record was made, in the generated year (or before it, for
        # the street's registers).
        first = AuditEntry.objects.filter(street=street).order_by("seq").first()
        assert first is not None and first.created_at.year <= YEAR


def test_records_written_afterwards_continue_the_ids_and_the_chain(district):
    street = district["streets"][0]
    last = Department.objects.order_by("-pk").values_list("pk", flat=True).first()
    office = User.objects.get(username=f"{street.slug}_office")
    department = department_create(street=street, actor=office, name="法治宣传办公室")
    assert last is not None and department.pk > last
    assert verify().ok


def test_the_demo_streets_figures_are_unchanged(district):
    assert stats("haibin") == district["before"]


def test_the_generated_streets_have_figures(district):
    street = district["streets"][0]
    values = stats(street.slug, f"{YEAR}-01-01", f"{YEAR}-12-31")
    assert values["enforcement.cases_found"] == Case.objects.filter(street=street).count()
    assert values["enforcement.decisions_published"] > 0
    assert values["legal_services.consultations"] > 0
    assert values["org.grids"] > 0 and values["org.leading_group_meetings"] == 4


def test_2020_stops_onsite_service_for_the_epidemic(district):
    """As in Haibin, no duty shift is held from 24 January to 31 May 2020: the shifts already
    rostered are cancelled with the suspension, the desks answer more by phone."""
    with transaction.atomic():
        (street,) = generate(streets=1, years=[2020], scale=0.4, seed=3, first=41)
        suspension = ServiceSuspension.objects.get(street=street)
        shifts = DutyShift.objects.filter(street=street)
        during = shifts.filter(date__range=(suspension.starts_on, suspension.ends_on))
        assert during.exists()
        assert set(during.values_list("status", "suspension")) == {
            (DutyShift.Status.CANCELLED, suspension.pk)
        }
        assert shifts.filter(status=DutyShift.Status.HELD, date__gt=suspension.ends_on).exists()
        assert Consultation.objects.filter(street=street, topic=Topic.EPIDEMIC).exists()
        assert verify().ok
        transaction.set_rollback(True)


def test_without_first_the_streets_follow_those_already_there(district):
    """The demo's neighbour street and an earlier run keep their names: the next run's
    streets are the next of the list."""
    taken = set(Street.objects.values_list("slug", flat=True))
    with transaction.atomic():
        (street,) = generate(streets=1, years=[YEAR], scale=0.01, seed=1)
        assert street.slug not in taken
        number = [slug for _, slug in street_names(1, 40)].index(street.slug) + 1
        assert all(slug in taken for _, slug in street_names(1, number - 1))
        transaction.set_rollback(True)


def _snapshot() -> dict[str, int]:
    return {
        "streets": Street.objects.count(),
        "users": User.objects.count(),
        "cases": Case.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_refuses_streets_that_exist_and_writes_nothing(district):
    before = _snapshot()
    with pytest.raises(ValidationError, match="已存在"):
        generate(streets=3, years=[YEAR], scale=0.01, seed=1, first=1)
    with pytest.raises(CommandError, match="以下街道已存在，未生成任何数据：新港街"):
        call_command("generate_district", "--streets", "1", "--years", str(YEAR), "--first", "1")
    assert _snapshot() == before
    assert verify().ok


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--streets", "0", "--years", "2020"], "街道数须在1至200之间"),
        (["--streets", "1", "--years", "2020-2016"], "结束年份早于开始年份"),
        (["--streets", "1", "--years", "二〇二〇"], "格式不正确"),
        (["--streets", "1", "--years", "2016,2018"], "年份须连续"),
        (["--streets", "1", "--years", str(timezone.localdate().year + 1)], "尚未到来"),
        (["--streets", "1", "--years", "1990"], "尚无该年的法定节假日安排"),
        (["--streets", "1", "--years", "2020", "--scale", "0"], "规模系数须大于0"),
    ],
)
def test_refuses_bad_arguments_in_chinese(district, arguments, message):
    before = _snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("generate_district", "--first", "40", *arguments)
    assert _snapshot() == before


def _fingerprint(seed: int) -> list[tuple[Any, ...]]:
    """What a small street generated with ``seed`` holds, rolled back afterwards."""
    with transaction.atomic():
        (street,) = generate(streets=1, years=[YEAR], scale=0.03, seed=seed, first=40)
        rows = [
            *Case.objects.filter(street=street)
            .order_by("number")
            .values_list("number", "status", "found_at", "decided_on", "fine", "party_name"),
            *Consultation.objects.filter(street=street)
            .order_by("occurred_at", "question")
            .values_list("occurred_at", "topic", "channel"),
            *AuditEntry.objects.filter(street=street)
            .order_by("seq")
            .values_list("created_at", "action", "object_type", "object_repr"),
        ]
        transaction.set_rollback(True)
    return rows


def test_a_seed_gives_the_same_district(district):
    first = _fingerprint(5)
    assert first and first == _fingerprint(5)
    assert first != _fingerprint(6)


def test_years_and_names():
    assert parse_years("2016-2018,2020") == [2016, 2017, 2018, 2020]
    assert street_names(30, 2) == [("欧美街", "oumei"), ("第31街", "jiedao-031")]


def test_a_step_never_lies_in_the_future_of_the_horizon(district):
    last = datetime(YEAR + 1, 1, 1, tzinfo=timezone.get_default_timezone())
    steps = CaseStep.objects.filter(case__street__in=district["streets"])
    assert not steps.filter(occurred_at__gte=last).exists()
    assert not AuditEntry.objects.filter(
        street__in=district["streets"], created_at__gte=last + timedelta(days=0)
    ).exists()
