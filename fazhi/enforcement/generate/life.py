"""A generated case's procedure (``enforcement.generate``): from its registration as far as the
horizon allows, by the rules ``services.cases`` enforces — no step before the one it follows;
the decision deadline 90 days after filing (a few extended, a few missed); the hearing right
told where the proposed fine reaches the major-case threshold, and no decision inside the
hearing-request window or before a requested hearing; a major case decided only on a passed
legal review of its notice, by a qualified reviewer who is not its officer; no decision heavier
than the notice; on-the-spot fines within the statutory limits; publication deadlines counted
in working days. Its publication's texts are masked as ``services.publication`` masks them.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fazhi.core.masking import (
    HIDDEN_NUMBER,
    HIDDEN_PHONE,
    coarse_address,
    mask_name,
    split_names,
)
from fazhi.enforcement import deadlines
from fazhi.enforcement import demo_data as data
from fazhi.enforcement.models import Case, CaseStep, LegalReview, ViolationCategory
from fazhi.enforcement.services.cases import UNDATED_STEPS as UNDATED
from fazhi.enforcement.services.cases import on_the_spot_text
from fazhi.org.models import User

if TYPE_CHECKING:
    from fazhi.enforcement.generate import EnforcementYear

S = Case.Status
Kind = CaseStep.Kind
SERVICE_METHODS = ("直接送达",) * 14 + ("邮寄送达",) * 3 + ("留置送达",) * 2 + ("电子送达",)
REASONS_CORRECTED = (
    "当事人当场改正，违法行为轻微并及时改正，没有造成危害后果，依法不予处罚，责令改正后结案。",
    "当事人系初次违法且危害后果轻微并及时改正，依法可以不予行政处罚，责令改正后结案。",
)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def cn_day(day: date | datetime) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def public_probe(case: Case) -> Case:
    """A copy of ``case`` whose own personal data are already replaced in its texts, as
    ``masking.mask_public_text(text, case)`` replaces them (the party's ID number and phone,
    an individual's address, the names of the people it names), with those fields then left
    blank. The publication's texts are the masking functions' on this copy: the same words,
    but only their precompiled patterns run, and jieba's tagging of unrecorded names, cached
    clause by clause (the generated texts repeat their clauses). ``mask_public_text`` builds a
    pattern from each case's own names and numbers (milliseconds a case, minutes for a
    district); the generated texts write them plainly, so a plain replacement finds them."""
    individual = case.party_kind == Case.PartyKind.INDIVIDUAL
    pairs: list[tuple[str, str]] = []
    number = case.party_id_number or ""
    if number and (individual or number.upper().startswith("92")):
        pairs.append((number, HIDDEN_NUMBER))
    if len(re.sub(r"\D", "", case.party_phone or "")) >= 7:
        pairs.append((case.party_phone, HIDDEN_PHONE))
    if case.party_address and individual:
        pairs.append((case.party_address, coarse_address(case.party_address)))
    names = [case.party_name if individual else "", case.party_representative]
    names += split_names(case.third_parties)
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        pairs.append((name, mask_name(name)))

    def replaced(text: str) -> str:
        for value, hidden in pairs:
            text = text.replace(value, hidden)
        return text

    probe = copy.copy(case)
    probe.party_name = replaced(case.party_name)
    probe.facts = replaced(case.facts)
    probe.decision_text = replaced(case.decision_text)
    probe.party_id_number = probe.party_phone = probe.party_address = ""
    probe.party_representative = probe.third_parties = ""
    return probe


class CaseLife:
    """One case from its registration as far as the horizon allows: the case row, its steps
    and their audit rows, kept as ``services.workflow.advance`` keeps them."""

    def __init__(self, year: EnforcementYear, case: Case, officers: list[User]) -> None:
        self.y = year
        self.plan = year.plan
        self.rng = year.rng
        self.case = case
        self.officers = officers
        # Registration may follow the finding (a report accepted hours later): the steps
        # start from it.
        self.last = max(case.found_at, case.created_at or case.found_at)  # latest dated step
        self.latest = self.last  # the latest step of any kind
        # The dated steps' moments and the state each left the case in; the undated records
        # (公示, 延长期限, 变更或撤销) wait in ``deferred`` until the case's timeline is known,
        # then take the state the case was in at their moment.
        self.timeline: list[tuple[datetime, str]] = []
        self.deferred: list[tuple[datetime, str, str, dict[str, Any], User | None]] = []

    # --- writing a step
    def when(self, day: date, hour: int | None = None) -> datetime:
        """The moment of a step taken on ``day``: in office hours, after the step before."""
        rng = self.rng
        moment = self.plan.at(
            day,
            hour if hour is not None else rng.choice((9, 10, 11, 14, 15, 16)),
            rng.randrange(60),
        )
        if moment <= self.last:
            moment = self.last + timedelta(minutes=rng.randrange(3, 40))
        self.last = moment
        return moment

    def record(
        self,
        kind: str,
        moment: datetime,
        before: str,
        to: str | None,
        text: str,
        *,
        changes: dict[str, Any] | None = None,
        m2m: dict[str, list[User]] | None = None,
        actor: User | None = None,
    ) -> None:
        """Write the step, apply its changes to the case and audit them as one transition."""
        case, plan = self.case, self.plan
        actor = actor or (self.officers[0] if self.officers else self.y.office)
        fields = dict(changes or {})
        if to is not None and to != case.status:
            fields["status"] = to
        old = {name: getattr(case, name) for name in fields}
        for name, value in fields.items():
            setattr(case, name, value)
        new = dict(fields)
        for name, users in (m2m or {}).items():
            old[name] = []
            new[name] = sorted(u.pk for u in users)
            plan.rows.link(Case, name, case, users)
        plan.rows.add(
            CaseStep(
                case=case,
                kind=kind,
                occurred_at=moment,
                actor=actor,
                record=text.strip(),
                status_before=before,
                # An undated record leaves the state it found (the case's, at its moment).
                status_after=before if kind in UNDATED else case.status,
            ),
            moment,
        )
        self.latest = max(self.latest, moment)
        if kind not in UNDATED:
            self.timeline.append((moment, case.status))
        if kind == Kind.REGISTER:
            return  # the case's own creation row stands for it
        plan.audit_change(
            case,
            moment,
            actor,
            before=old,
            after=new,
            extra={"step": self.y.step_labels[kind], "record": text.strip()},
            object_repr=case.number,
        )

    def step(
        self,
        kind: str,
        day: date,
        to: str | None,
        text: str = "",
        *,
        changes: dict[str, Any] | None = None,
        m2m: dict[str, list[User]] | None = None,
        actor: User | None = None,
        hour: int | None = None,
    ) -> datetime:
        moment = self.when(day, hour)
        self.record(kind, moment, self.case.status, to, text, changes=changes, m2m=m2m, actor=actor)
        return moment

    def status_at(self, moment: datetime) -> str:
        status = ""
        for at, after in self.timeline:
            if at > moment:
                break
            status = after
        return status

    def undated(
        self,
        kind: str,
        moment: datetime,
        text: str,
        *,
        changes: dict[str, Any] | None = None,
        actor: User | None = None,
        now: bool = False,
    ) -> None:
        """A record that does not move the case along (公示, 延长期限, 变更或撤销): written at
        the end of the case's life (``finish``), or ``now`` once the life is known."""
        if not now:
            self.deferred.append((moment, kind, text, changes or {}, actor))
            return
        status = self.status_at(moment)
        self.record(kind, moment, status, None, text, changes=changes, actor=actor)

    def finish(self) -> None:
        for moment, kind, text, changes, actor in sorted(self.deferred, key=lambda d: d[0]):
            self.undated(kind, moment, text, changes=changes, actor=actor, now=True)
            if kind == Kind.PUBLISH:
                self.y.publication(self, moment)
        self.deferred = []
        self.case.updated_at = self.latest

    # --- the paths
    def live(self, heavy: bool) -> None:
        """Take the case as far as the horizon allows, by a path fitting its category."""
        rng, horizon = self.rng, self.y.horizon
        found = self.last.date()
        roll = rng.random()
        waiting = (horizon - found).days < 12 and roll < 0.35
        if heavy:
            if waiting:
                return  # 发现登记, not yet dealt with
            if roll < 0.12:
                self.transfer(found)
            else:
                self.general(found, major=roll > 0.72)
            return
        stopped = self.last + timedelta(minutes=5)
        self.last = stopped
        self.record(
            Kind.STOP,
            stopped,
            S.FOUND,
            S.STOPPED,
            "当场责令停止违法行为，清理现场。",
            changes={"stopped_at": stopped, "stop_measure": "当场责令停止违法行为，清理现场。"},
        )
        if waiting:
            return  # 已制止, the officers still to decide how to go on
        if roll < 0.58:
            closed = self.y.aw(found, rng.randrange(0, 3))
            if closed <= horizon:
                reason = rng.choice(REASONS_CORRECTED)
                self.step(
                    Kind.CLOSE,
                    closed,
                    S.CLOSED,
                    reason,
                    changes={
                        "closed_on": closed,
                        "close_reason": reason,
                        "outcome": Case.Outcome.CORRECTED,
                    },
                    hour=16,
                )
                self.archive(closed)
        elif roll < 0.88:
            self.on_the_spot(stopped)
        else:
            self.general(found, major=False)

    def on_the_spot(self, stopped: datetime) -> None:
        y, rng, case = self.y, self.rng, self.case
        decided_at = stopped + timedelta(minutes=15)
        kind, fine = Case.PenaltyKind.WARNING, None
        if rng.random() < 0.55:
            kind = Case.PenaltyKind.FINE
            limit = (
                Decimal("200") if case.party_kind == Case.PartyKind.INDIVIDUAL else Decimal("3000")
            )
            limit = min(case.category.fine_max or limit, limit)
            fine = min(
                max(
                    case.category.fine_min or Decimal("50"),
                    Decimal(rng.choice((50, 100, 150, 200))),
                ),
                limit,
            )
        day = decided_at.date()
        changes: dict[str, Any] = {
            "procedure": Case.Procedure.ON_THE_SPOT,
            "outcome": Case.Outcome.PENALTY,
            "penalty_kind": kind,
            "fine": fine,
            "decision_no": f"{y.plan.document_prefix}当罚字〔{day.year}〕{y.number('spot', day.year)}号",
            "decision_basis": case.category.penalty_basis,
            "decision_place": case.location,
            "decided_on": day,
            "served_on": day,
            "service_method": "直接送达",
            "publish_due_on": self.publish_due(day, Case.Outcome.PENALTY),
            "party_name": case.party_name,
            "party_id_number": case.party_id_number,
        }
        probe = copy.copy(case)
        for name, value in changes.items():
            setattr(probe, name, value)
        changes["decision_text"] = on_the_spot_text(probe, y.settings, decided_at)
        self.last = decided_at
        self.record(
            Kind.ON_THE_SPOT,
            decided_at,
            case.status,
            S.SERVED,
            f"{changes['decision_no']}，当场交付当事人。",
            changes=changes,
            m2m={"deciders": self.officers},
        )
        self.publish(day)
        paid = y.aw(day, rng.randrange(0, 4)) if fine else day
        if paid > y.horizon:
            return
        self.execute(paid, fine, hour=17)
        if self.close(paid, hour=17):
            self.archive(paid)

    def transfer(self, found: date) -> None:
        y, case = self.y, self.case
        day = y.aw(found, 1)
        if day > y.horizon:
            return
        authority = (
            f"天津市规划和自然资源局{y.plan.district.name}分局"
            if case.category.group == ViolationCategory.Group.ILLEGAL_BUILDING
            else f"天津市{y.plan.district.name}城市管理委员会"
        )
        reason = "经核查，该违法行为不属于街道下放的执法事项，依法移送有管辖权的机关处理。"
        self.step(
            Kind.TRANSFER,
            day,
            S.TRANSFERRED,
            f"移送{authority}。{reason}",
            changes={
                "transferred_on": day,
                "transferred_to": authority,
                "transfer_reason": reason,
                "outcome": Case.Outcome.TRANSFERRED,
            },
            hour=10,
        )
        self.archive(day)

    def general(self, found: date, *, major: bool) -> None:
        """立案 → 调查取证 → 告知 (陈述申辩, 听证) → (法制审核) → 决定 → 送达 → 执行 → 结案 →
        归档, as far as the horizon allows."""
        y, rng, case = self.y, self.rng, self.case
        horizon, aw = y.horizon, y.aw
        filed = aw(found, rng.randrange(1, 3))
        if filed > horizon:
            return
        due = filed + timedelta(days=deadlines.DECISION_DAYS)
        self.step(Kind.FILE, filed, S.FILED, f"决定期限至{cn_day(due)}。",
                  changes={"filed_on": filed, "decision_due_on": due}, hour=9)  # fmt: skip
        # A few cases take long: complex ones get the deadline extended, one in a hundred is
        # decided late without it.
        slow = case.complex_case or rng.random() < 0.02
        investigated = aw(filed, rng.randrange(1, 4) + (rng.randrange(20, 50) if slow else 0))
        if investigated > horizon:
            return
        self.step(Kind.INVESTIGATE, investigated, S.INVESTIGATING,
                  "制作现场检查笔录、询问笔录，拍摄现场照片，调取当事人身份信息。", hour=10)  # fmt: skip
        if slow and (case.complex_case or rng.random() < 0.5):
            extended = due + timedelta(
                days=rng.randrange(20, deadlines.DECISION_EXTENSION_MAX_DAYS + 1)
            )
            moment = self.plan.at(aw(investigated, 1), 11)
            if moment.date() <= horizon:
                reason = "案情复杂，须补充调查取证，经街道办事处主任批准延长办案期限。"
                self.undated(Kind.EXTEND, moment, f"决定期限延长至{cn_day(extended)}。{reason}",
                             changes={"decision_due_on": extended, "deadline_extension_reason": reason})  # fmt: skip
        category = case.category
        low = category.fine_min or Decimal("0")
        high = category.fine_max or Decimal("1000")
        threshold = (
            y.settings.major_fine_individual
            if case.party_kind == Case.PartyKind.INDIVIDUAL
            else y.settings.major_fine_organisation
        )
        if major and high >= threshold:
            fine = min(threshold + Decimal(rng.randrange(0, 5)) * Decimal("1000"), high)
        else:
            fine = max(
                low, min(high, threshold - 1, Decimal(rng.randrange(2, 40)) * data.FINE_STEP)
            )
            major = False
        roll = rng.random()
        no_penalty = not major and roll < 0.08
        warning = not major and not no_penalty and roll < 0.13
        notified = aw(investigated, rng.randrange(3, 7))
        if notified > horizon:
            return
        if no_penalty:
            proposed, kind, proposed_fine = "拟不予行政处罚。", "", None
        elif warning:
            proposed, kind, proposed_fine = "拟给予警告。", Case.PenaltyKind.WARNING, None
        else:
            proposed, kind, proposed_fine = f"拟处罚款{fine}元。", Case.PenaltyKind.FINE, fine
        hearing = proposed_fine is not None and proposed_fine >= threshold
        parts = [proposed]
        if kind:
            parts.append(f"拟处罚种类：{Case.PenaltyKind(kind).label}。")
        if proposed_fine is not None:
            parts.append(f"拟罚款{_money(proposed_fine)}元。")
        if hearing:
            parts.append("已告知当事人有要求听证的权利。")
        self.step(
            Kind.NOTIFY,
            notified,
            S.NOTIFIED,
            "".join(parts),
            changes={
                "notified_on": notified,
                "proposed_penalty": proposed,
                "proposed_penalty_kind": kind,
                "proposed_fine": proposed_fine,
                "hearing_applicable": hearing,
            },
            hour=10,
        )
        latest = notified
        if not no_penalty and rng.random() < 0.3:
            received = notified + timedelta(days=rng.randrange(0, 3))
            if received > horizon:
                return
            text = "当事人陈述已认识到违法行为，请求从轻处罚。"
            self.step(Kind.STATEMENT, received, None, text, changes={"statement": text}, hour=15)
            latest = received
        if hearing and rng.random() < 0.35:
            requested = notified + timedelta(
                days=rng.randrange(max(1, (latest - notified).days), 6)
            )
            notice = requested + timedelta(days=rng.randrange(0, 3))
            held = notice + timedelta(days=rng.randrange(7, 12))
            if requested > horizon:
                return
            self.step(Kind.HEARING, requested, None, f"当事人{cn_day(requested)}申请听证。",
                      changes={"hearing_requested_on": requested}, hour=11)  # fmt: skip
            if notice > horizon:
                return
            self.step(Kind.HEARING, notice, None, f"{cn_day(notice)}通知听证。",
                      changes={"hearing_notice_on": notice}, hour=15)  # fmt: skip
            if held > horizon:
                return
            text = "听证会公开举行，当事人及其委托代理人到场陈述、申辩，执法人员出示证据。"
            self.step(Kind.HEARING, held, None, f"{cn_day(held)}举行听证。{text}",
                      changes={"hearing_on": held, "hearing_record": text}, hour=9)  # fmt: skip
            latest = held
            major = True
        major = major or case.complex_case or case.major_public_interest
        decided_base = latest
        if major:
            reviewed = self.review(latest)
            if reviewed is None:
                return
            decided_base = reviewed
        decided = aw(decided_base, rng.randrange(1, 5))
        if slow and not major:
            decided = max(decided, aw(filed, rng.randrange(62, 80)))
        if hearing and case.hearing_requested_on is None:
            while decided <= deadlines.hearing_request_last_day(notified):
                decided = aw(decided, 1)
        if decided > horizon:
            return
        outcome = Case.Outcome.NO_PENALTY if no_penalty else Case.Outcome.PENALTY
        number = y.number("general", decided.year)
        decision_no = f"{y.plan.document_prefix}罚决字〔{decided.year}〕{number}号"
        if no_penalty:
            text = "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚。"
        elif warning:
            text = "责令改正，并给予警告。"
        else:
            text = f"责令改正，并处罚款{fine}元。"
        self.step(
            Kind.DECIDE,
            decided,
            S.DECIDED,
            f"{decision_no}：{text}",
            changes={
                "decided_on": decided,
                "outcome": outcome,
                "penalty_kind": kind,
                "fine": proposed_fine,
                "decision_no": decision_no,
                "decision_text": text,
                "decision_basis": "" if no_penalty else category.penalty_basis,
                "publish_due_on": self.publish_due(decided, outcome),
            },
            m2m={"deciders": self.officers},
            hour=11,
        )
        self.publish(decided)
        served = aw(decided, rng.randrange(1, 4))
        if served > horizon:
            return
        method = rng.choice(SERVICE_METHODS)
        self.step(Kind.SERVE, served, S.SERVED, f"{cn_day(served)}{method}。",
                  changes={"served_on": served, "service_method": method}, hour=10)  # fmt: skip
        last = served
        if not no_penalty:
            # One fine in twenty goes unpaid: the court enforces it months later.
            unpaid = proposed_fine is not None and rng.random() < 0.05
            executed = aw(served, rng.randrange(60, 150) if unpaid else rng.randrange(1, 8))
            if executed > horizon:
                return
            self.execute(executed, proposed_fine, court=unpaid)
            last = executed
        closed = aw(last, rng.randrange(1, 5))
        if closed <= horizon and self.close(closed):
            self.archive(closed)

    def review(self, after: date) -> date | None:
        """法制审核: submitted to a reviewer, the opinion given; the year's first major case goes
        back for more evidence once (不同意) and passes on a second submission. The day of the
        passing opinion, or None when the horizon comes first."""
        y, rng, case, plan = self.y, self.rng, self.case, self.plan
        horizon = y.horizon
        reviewer = rng.choice(y.reviewers)
        submitted = y.aw(after, rng.randrange(1, 4))
        back = not y.returned
        for attempt in range(2):
            if submitted > horizon:
                return None
            due = y.aw(submitted, y.settings.review_workdays)
            if due == date.max:
                return None
            at = self.step(
                Kind.REVIEW_SUBMIT,
                submitted,
                S.REVIEWING,
                f"提交{reviewer.display_name}法制审核，审核期限至{cn_day(due)}。"
                "立案审批表、现场检查笔录、询问笔录、现场照片、行政处罚事先告知书及送达回证。",
                hour=9,
            )
            review = plan.rows.add(
                LegalReview(
                    case=case,
                    submitted_at=at,
                    submitted_by=self.officers[0],
                    reviewer=reviewer,
                    due_on=due,
                    materials="立案审批表、现场检查笔录、询问笔录、现场照片、行政处罚事先告知书及送达回证。",
                    reviewed_notified_on=case.notified_on,
                    reviewed_proposed_fine=case.proposed_fine,
                    reviewed_hearing_on=case.hearing_on,
                )
            )
            plan.audit_create(
                review, at, self.officers[0], frozen=True, object_repr=f"{case.number}法制审核"
            )
            reviewed = y.aw(submitted, rng.randrange(2, 9))
            if reviewed > horizon:
                return None
            returned = back and attempt == 0
            if returned:
                y.returned = True
                conclusion = LegalReview.Conclusion.DISAGREE
                opinion = "现场勘验和测量记录缺失，事实认定证据不足，退回补充调查。"
                checklist = {key: key != "check_facts" for key, _label in LegalReview.CHECKLIST}
            else:
                conclusion = rng.choice(
                    (LegalReview.Conclusion.AGREE, LegalReview.Conclusion.AMEND)
                )
                opinion = (
                    "执法主体适格，程序合法，事实清楚，证据充分，适用法律正确，裁量适当，同意作出处罚决定。"
                    if conclusion == LegalReview.Conclusion.AGREE
                    else "事实清楚，证据充分；决定书中处罚依据应引用至条、款、项，修改后同意。"
                )
                checklist = {key: True for key, _label in LegalReview.CHECKLIST}
            moment = self.step(
                Kind.REVIEW_OPINION,
                reviewed,
                S.INVESTIGATING if returned else None,
                f"法制审核意见：{LegalReview.Conclusion(conclusion).label}。{opinion}",
                actor=reviewer,
                hour=15,
            )
            plan.change(
                review,
                moment,
                reviewer,
                {**checklist, "conclusion": conclusion, "opinion": opinion, "reviewed_at": moment},
                object_repr=f"{case.number}法制审核",
            )
            if not returned:
                return reviewed
            again = y.aw(reviewed, rng.randrange(1, 4))
            if again > horizon:
                return None
            self.step(
                Kind.INVESTIGATE, again, S.INVESTIGATING, "补充现场勘验笔录和测量记录。", hour=10
            )
            submitted = y.aw(again, 1)
        return None

    def execute(
        self, day: date, fine: Decimal | None, hour: int | None = None, court: bool = False
    ) -> None:
        manner = "申请人民法院强制执行" if court else "自觉履行"
        paid = f"，已缴罚款{_money(fine)}元" if fine is not None else ""
        self.step(Kind.EXECUTE, day, S.EXECUTED, f"{manner}{paid}。",
                  changes={"executed_on": day, "execution": manner, "fine_paid": fine}, hour=hour)  # fmt: skip

    def close(self, day: date, hour: int | None = 16) -> bool:
        if day > self.y.horizon:
            return False
        self.step(
            Kind.CLOSE, day, S.CLOSED, changes={"closed_on": day, "close_reason": ""}, hour=hour
        )
        return True

    def archive(self, closed: date) -> None:
        y = self.y
        day = y.aw(closed, self.rng.randrange(5, 15))
        if day > y.horizon:
            return
        number = f"{y.plan.street.name[:-1]}执法档〔{day.year}〕{self.case.number}"
        self.step(Kind.ARCHIVE, day, S.ARCHIVED, f"档案号：{number}",
                  changes={"archived_on": day, "archive_no": number}, actor=y.officers[0], hour=15)  # fmt: skip

    def publish_due(self, day: date, outcome: str) -> date | None:
        due = self.y.aw(
            day,
            self.y.settings.publish_penalty_workdays
            if outcome == Case.Outcome.PENALTY
            else self.y.settings.publish_other_workdays,
        )
        return None if due == date.max else due

    def publish(self, decided: date) -> None:
        """Published within the limit, most within three working days; one in twelve late."""
        y, rng, case, plan = self.y, self.rng, self.case, self.plan
        due = case.publish_due_on
        late = due is not None and rng.random() < 1 / 12
        day = y.aw(due, rng.randrange(1, 4)) if late and due else y.aw(decided, rng.randrange(1, 4))
        if day > y.horizon:
            return
        at = plan.at(day, rng.randrange(9, 17), rng.randrange(60))
        self.undated(
            Kind.PUBLISH, at, f"在门户网站公示执法决定，公示日期{cn_day(at)}。", actor=y.office
        )
