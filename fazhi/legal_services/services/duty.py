"""Writes on the duty roster, service suspensions and residents' appointments.

Locks are always taken in one order, so that concurrent writers wait for each other instead
of deadlocking: the street (roster changes and suspensions), then shifts, then appointments,
then the audit chain (every ``record`` call). A transaction therefore locks every row it will
change before it writes its first audit row.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Left
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.access import Refusal
from fazhi.core.formats import cn_date, cn_datetime
from fazhi.core.masking import mask_mobile, mask_name
from fazhi.core.services import model_create, model_delete, model_update, snapshot
from fazhi.legal_services.models import (
    Appointment,
    DutyShift,
    Lawyer,
    LawyerCalendarFeed,
    ServiceSuspension,
)
from fazhi.legal_services.selectors import duty as selectors
from fazhi.org.models import Street, User

# Bookings still to come that one mobile number may hold in a street at a time.
MAX_OPEN_BOOKINGS_PER_MOBILE = 3
# Days after the shift a booking keeps the resident's name, number and question (the consent
# text on the booking page promises this).
APPOINTMENT_RETENTION_DAYS = 365
# Booking codes: no 0/O or 1/I, which residents confuse when reading a code aloud or typing it.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
LEGAL_HOTLINE = "12348"

_ROSTER_FIELDS = ("date", "starts_at", "ends_at", "village")
_OPEN = (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)
_PERSONAL = ("name", "mobile", "description")


# --- helpers ---------------------------------------------------------------------------------


def _require_roster_keeper(actor: User | None) -> None:
    if actor is not None and not selectors.keeps_roster(actor):
        raise PermissionDenied(Refusal(_("值班表由司法所维护；律师可以登记本人值班的实际情况。")))


def _require_booking_handler(actor: User | None) -> None:
    if actor is not None and not selectors.handles_bookings(actor):
        raise PermissionDenied(Refusal(_("只有司法所工作人员可以代为预约、取消或改期。")))


# Rows are locked FOR NO KEY UPDATE: writers of this module queue for each other, while the
# key-share locks that inserting a referencing row takes (an audit row names the street, a
# booking its shift) do not wait for them; a plain FOR UPDATE on the street would make a
# booking's audit row wait for a suspension that waits for the booking's shift: a deadlock.


def _lock_street(street_id: int) -> None:
    """Serialise roster changes and suspensions of one street (a shift created while a
    suspension is being entered must see it)."""
    Street.objects.select_for_update(no_key=True).filter(pk=street_id).first()


def _lock_shift(shift: DutyShift) -> DutyShift:
    return DutyShift.objects.select_for_update(no_key=True).get(pk=shift.pk)


def _lock_appointment(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update(no_key=True).get(pk=appointment.pk)


def _period(suspension: ServiceSuspension) -> str:
    start = cn_date(suspension.starts_on)
    if suspension.ends_on is None:
        return _("%(start)s起，恢复时间另行通知") % {"start": start}
    return _("%(start)s至%(end)s") % {"start": start, "end": cn_date(suspension.ends_on)}


def _place(suspension: ServiceSuspension) -> str:
    return suspension.village.name if suspension.village is not None else _("全街道")


def suspension_message(suspension: ServiceSuspension) -> str:
    """Why a shift cannot be held or booked in a suspension, and what residents can do."""
    text = _("%(place)s暂停现场法律服务（%(period)s），原因：%(reason)s。") % {
        "place": _place(suspension),
        "period": _period(suspension),
        "reason": suspension.reason.rstrip("。"),
    }
    if suspension.alternative:
        text += _("%(alternative)s。") % {"alternative": suspension.alternative.rstrip("。")}
    return text


def _refuse_suspended(suspension: ServiceSuspension, field: str | None = None) -> None:
    message = _("该日期在暂停现场服务期间，不能安排值班：%(notice)s") % {
        "notice": suspension_message(suspension)
    }
    raise ValidationError({field: message} if field else message)


def _audit_repr(appointment: Appointment) -> str:
    return f"{appointment.code} {mask_name(appointment.name)}"


def _appointment_snapshot(appointment: Appointment) -> dict[str, Any]:
    """The audit row's copy of a booking: the resident's name and number masked, no text.

    The log is kept longer than bookings are; it must not become a second register of people.
    """
    data = snapshot(appointment)
    data["name"] = mask_name(appointment.name)
    data["mobile"] = mask_mobile(appointment.mobile)
    data.pop("description", None)
    return data


def _set_status(
    appointment: Appointment,
    status: str,
    *,
    actor: User | None,
    now: datetime,
    note: str | None = None,
    extra: dict[str, Any] | None = None,
    **fields: Any,
) -> Appointment:
    """Move a locked appointment to ``status`` and write the transition's audit row."""
    before: dict[str, Any] = {"status": appointment.status}
    after: dict[str, Any] = {"status": status}
    appointment.status = status
    appointment.status_changed_at = now
    changed = ["status", "status_changed_at", "updated_at"]
    if note is not None:
        before["note"], after["note"] = appointment.note, note[:200]
        appointment.note = note[:200]
        changed.append("note")
    for name, value in fields.items():
        before[name], after[name] = getattr(appointment, name), value
        setattr(appointment, name, value)
        changed.append(name)
    appointment.save(update_fields=changed)
    record(
        actor=actor,
        action=Action.TRANSITION,
        obj=appointment,
        object_repr=_audit_repr(appointment),
        before=before,
        after=after,
        extra=extra,
    )
    return appointment


# --- the roster ------------------------------------------------------------------------------


def duty_shift_create(
    *, street: Street, actor: User | None, today: date | None = None, **fields: Any
) -> DutyShift:
    """Put a lawyer on duty in a village for a time slot; refused inside a suspension.

    ``status`` may be given by an import of past rosters; a shift recorded as held or absent
    must have taken place already (by ``today``).
    """
    _require_roster_keeper(actor)
    today = today or timezone.localdate()
    status = fields.get("status", DutyShift.Status.SCHEDULED)
    day = fields.get("date")
    if (
        status in (DutyShift.Status.HELD, DutyShift.Status.ABSENT)
        and isinstance(day, date)
        and day > today
    ):
        raise ValidationError({"status": _("值班日期尚未到，不能登记为已值班或律师未到岗。")})
    with transaction.atomic():
        _lock_street(street.pk)
        village = fields.get("village")
        if status != DutyShift.Status.CANCELLED and village is not None and isinstance(day, date):
            suspension = selectors.suspension_on(street, village, day)
            if suspension is not None:
                _refuse_suspended(suspension, "date")
        return model_create(DutyShift, actor=actor, data={"street": street, **fields})


def duty_shift_update(shift: DutyShift, *, actor: User | None, **fields: Any) -> DutyShift:
    """Change a shift on the roster: another lawyer, place, places; or move it while no one
    has booked it. Moving it into a suspension is refused; its state changes go through
    ``duty_shift_record`` and ``duty_shift_cancel``."""
    _require_roster_keeper(actor)
    if "street" in fields and fields["street"] != shift.street:
        raise ValidationError(_("记录所属街道不能修改。"))
    if {"status", "suspension"} & set(fields):
        raise ValidationError(_("值班状态须通过“登记值班情况”或“取消值班”修改。"))
    with transaction.atomic():
        _lock_street(shift.street_id)
        locked = _lock_shift(shift)
        moved = [
            name
            for name in _ROSTER_FIELDS
            if name in fields and fields[name] != getattr(locked, name)
        ]
        changes_places = "capacity" in fields and fields["capacity"] != locked.capacity
        if locked.status != DutyShift.Status.SCHEDULED and (moved or changes_places):
            raise ValidationError(
                _("该值班%(status)s，不能再改期、更换村居或调整名额。")
                % {"status": locked.get_status_display()}
            )
        holding = locked.appointments.filter(status__in=Appointment.HOLDING).count()
        if moved and holding:
            raise ValidationError(
                _(
                    "该值班已有%(count)d人预约，不能改期或更换村居；"
                    "请先为预约群众改约，或取消该值班后重新排班。"
                )
                % {"count": holding}
            )
        capacity = fields.get("capacity", locked.capacity)
        if isinstance(capacity, int) and capacity < holding:
            raise ValidationError(
                {
                    "capacity": _("该值班已有%(count)d人预约，可预约名额不能少于%(count)d。")
                    % {"count": holding}
                }
            )
        if moved and locked.status == DutyShift.Status.SCHEDULED:
            village = fields.get("village", locked.village)
            day = fields.get("date", locked.date)
            suspension = selectors.suspension_on(locked.street_id, village, day)
            if suspension is not None:
                _refuse_suspended(suspension, "date")
        return model_update(locked, actor=actor, data=fields)[0]


def duty_shift_delete(shift: DutyShift, *, actor: User | None) -> None:
    """Remove a shift entered by mistake: only one not yet held, with no booking or record."""
    _require_roster_keeper(actor)
    with transaction.atomic():
        locked = _lock_shift(shift)
        if locked.status in (DutyShift.Status.HELD, DutyShift.Status.ABSENT):
            raise ValidationError(_("已登记值班情况的值班不能删除：统计仍需要它。"))
        if locked.appointments.exists() or locked.consultations.exists():
            raise ValidationError(
                _("该值班已有预约或咨询记录，不能删除；如不再举行，请取消该值班。")
            )
        model_delete(locked, actor=actor)


def duty_shift_record(
    shift: DutyShift,
    *,
    actor: User | None,
    status: str,
    consultations_handled: int | None = None,
    record: str = "",
    today: date | None = None,
) -> DutyShift:
    """Record how a shift went: held (with the consultations handled) or the lawyer absent.

    Only once its day has come; the office records any shift, a lawyer their own. A record
    may be corrected (held ↔ absent); a cancelled shift has nothing to record.
    """
    today = today or timezone.localdate()
    if status not in (DutyShift.Status.HELD, DutyShift.Status.ABSENT):
        raise ValidationError({"status": _("请选择“已值班”或“律师未到岗”。")})
    if consultations_handled is not None and consultations_handled < 0:
        raise ValidationError({"consultations_handled": _("接待咨询人次不能为负数。")})
    if status == DutyShift.Status.ABSENT and consultations_handled:
        raise ValidationError({"consultations_handled": _("律师未到岗时不能填写接待咨询人次。")})
    with transaction.atomic():
        locked = _lock_shift(shift)
        if actor is not None and not selectors.may_record_shift(actor, locked):
            raise PermissionDenied(
                Refusal(_("只能登记本人的值班情况；其他律师的值班由司法所登记。"))
            )
        if locked.status == DutyShift.Status.CANCELLED:
            raise ValidationError(
                _("该值班已取消（%(reason)s），不能登记值班情况。")
                % {"reason": locked.cancel_reason or _("未填写原因")}
            )
        if locked.date > today:
            raise ValidationError(
                _("值班日期（%(date)s）尚未到，不能登记值班情况。") % {"date": cn_date(locked.date)}
            )
        # appointment_attend locks the shift too: no resident is marked as come meanwhile.
        attended = locked.appointments.filter(status=Appointment.Status.ATTENDED).count()
        if status == DutyShift.Status.ABSENT and attended:
            raise ValidationError(
                {
                    "status": _(
                        "该值班已有%(count)d名预约群众登记为已到场，不能登记为律师未到岗；"
                        "如到场情况登记有误，请先更正预约的到场情况。"
                    )
                    % {"count": attended}
                }
            )
        names = ["status", "consultations_handled", "record"]
        before = snapshot(locked, names)
        locked.status = status
        locked.consultations_handled = (
            None if status == DutyShift.Status.ABSENT else consultations_handled
        )
        locked.record = (record or "").strip()
        locked.full_clean()
        locked.save(update_fields=[*names, "updated_at"])
        _audit_transition(locked, actor=actor, before=before, after=snapshot(locked, names))
    return locked


def _audit_transition(
    obj: Any,
    *,
    actor: User | None,
    before: dict[str, Any],
    after: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    record(actor=actor, action=Action.TRANSITION, obj=obj, before=before, after=after, extra=extra)


def duty_shift_cancel(
    shift: DutyShift, *, actor: User | None, reason: str, now: datetime | None = None
) -> DutyShift:
    """Call off a scheduled shift; its open bookings are cancelled with the same reason."""
    _require_roster_keeper(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因：预约群众会看到它。")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("取消原因最多200个字。")})
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_shift(shift)
        if locked.status != DutyShift.Status.SCHEDULED:
            raise ValidationError(
                _("只能取消尚未举行的值班；该值班%(status)s。")
                % {"status": locked.get_status_display()}
            )
        open_ones = _lock_open_appointments([locked])
        if locked.appointments.filter(
            status__in=(Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW)
        ).exists():
            raise ValidationError(_("该值班已有预约群众登记到场情况，不能取消；请登记值班情况。"))
        _cancel_locked_shift(locked, open_ones, reason=reason, actor=actor, now=now)
    return locked


def _lock_open_appointments(shifts: Iterable[DutyShift]) -> list[Appointment]:
    return list(
        Appointment.objects.select_for_update(no_key=True)
        .filter(shift__in=[s.pk for s in shifts], status__in=_OPEN)
        .order_by("pk")
    )


def _cancel_locked_shift(
    shift: DutyShift,
    appointments: Iterable[Appointment],
    *,
    reason: str,
    actor: User | None,
    now: datetime,
    suspension: ServiceSuspension | None = None,
) -> int:
    """Cancel a locked shift and its locked open appointments; the number of appointments."""
    before = snapshot(shift, ["status", "cancel_reason", "suspension"])
    shift.status = DutyShift.Status.CANCELLED
    shift.cancel_reason = reason[:200]
    shift.suspension = suspension
    shift.save(update_fields=["status", "cancel_reason", "suspension", "updated_at"])
    _audit_transition(
        shift,
        actor=actor,
        before=before,
        after=snapshot(shift, ["status", "cancel_reason", "suspension"]),
    )
    count = 0
    for appointment in appointments:
        if appointment.shift_id != shift.pk:
            continue
        _set_status(
            appointment,
            Appointment.Status.CANCELLED,
            actor=actor,
            now=now,
            note=_("值班取消：%(reason)s") % {"reason": reason},
            extra={"cause": "shift_cancelled"},
        )
        count += 1
    return count


# --- suspensions -----------------------------------------------------------------------------


def _suspend_shifts(
    suspension: ServiceSuspension,
    shifts: list[DutyShift],
    appointments: list[Appointment],
    *,
    actor: User | None,
    now: datetime,
) -> None:
    reason = _("暂停现场服务：%(reason)s") % {"reason": suspension.reason}
    for shift in shifts:
        _cancel_locked_shift(
            shift, appointments, reason=reason, actor=actor, now=now, suspension=suspension
        )


def _lock_covered(candidate: ServiceSuspension) -> tuple[list[DutyShift], list[Appointment]]:
    shifts = list(
        selectors.shifts_to_suspend(candidate).select_for_update(no_key=True).order_by("pk")
    )
    return shifts, _lock_open_appointments(shifts)


def service_suspension_create(
    *, street: Street, actor: User | None, now: datetime | None = None, **fields: Any
) -> ServiceSuspension:
    """Suspend on-site service in a village or the whole street for a period.

    In the same transaction every scheduled shift inside it is cancelled with the suspension's
    reason, and their open bookings with them (``suspension.cancelled_shifts``).
    """
    _require_roster_keeper(actor)
    now = now or timezone.now()
    candidate = ServiceSuspension(street=street, **fields)
    candidate.full_clean()
    with transaction.atomic():
        _lock_street(street.pk)
        shifts, appointments = _lock_covered(candidate)
        suspension = model_create(ServiceSuspension, actor=actor, data={"street": street, **fields})
        _suspend_shifts(suspension, shifts, appointments, actor=actor, now=now)
    return suspension


def service_suspension_update(
    suspension: ServiceSuspension,
    *,
    actor: User | None,
    now: datetime | None = None,
    **fields: Any,
) -> ServiceSuspension:
    """Change a suspension; ending it is setting ``ends_on``. Shifts a longer or wider
    suspension now covers are cancelled too; shifts already cancelled stay cancelled."""
    _require_roster_keeper(actor)
    if "street" in fields and fields["street"] != suspension.street:
        raise ValidationError(_("记录所属街道不能修改。"))
    now = now or timezone.now()
    with transaction.atomic():
        _lock_street(suspension.street_id)
        candidate = ServiceSuspension.objects.get(pk=suspension.pk)
        for name, value in fields.items():
            setattr(candidate, name, value)
        candidate.full_clean()
        shifts, appointments = _lock_covered(candidate)
        updated = model_update(suspension, actor=actor, data=fields)[0]
        _suspend_shifts(updated, shifts, appointments, actor=actor, now=now)
    return updated


def service_suspension_delete(suspension: ServiceSuspension, *, actor: User | None) -> None:
    """Remove a suspension entered by mistake; one that has cancelled shifts stays on record."""
    _require_roster_keeper(actor)
    count = suspension.cancelled_shifts.count()
    if count:
        raise ValidationError(
            _("该暂停已取消了%(count)d个值班，不能删除；恢复现场服务时，请修改“恢复前最后一日”。")
            % {"count": count}
        )
    model_delete(suspension, actor=actor)


# --- appointments ----------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A code as typed (lower case, spaces or a dash between the halves) in its stored form."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _refuse_unbookable(shift: DutyShift, now: datetime, *, source: str) -> None:
    """Refuse with the reason a locked shift cannot take a booking now, if it cannot.

    Residents book online only within the public booking window (the shifts the public page
    lists); the office books or moves a resident to any later shift.
    """
    if shift.status == DutyShift.Status.CANCELLED:
        if shift.suspension is not None:
            raise ValidationError(
                {"shift": _("该时段不接受预约：") + suspension_message(shift.suspension)}
            )
        raise ValidationError(
            {
                "shift": _("该时段的值班已取消（%(reason)s），请选择其他时段。")
                % {"reason": shift.cancel_reason or _("未填写原因")}
            }
        )
    if shift.status != DutyShift.Status.SCHEDULED or selectors.shift_start(shift) <= now:
        raise ValidationError({"shift": _("该时段已开始或已结束，不能预约，请选择其他时段。")})
    horizon = selectors.public_booking_horizon(now)
    if source == Appointment.Source.PORTAL and shift.date > horizon:
        raise ValidationError(
            {
                "shift": _(
                    "该时段尚未开放网上预约：网上可预约%(days)d天内（%(last)s以前）的值班，"
                    "请届时再预约，或联系司法所。"
                )
                % {"days": selectors.PUBLIC_BOOKING_DAYS, "last": cn_date(horizon)}
            }
        )
    suspension = selectors.suspension_on(shift.street_id, shift.village_id, shift.date)
    if suspension is not None:
        raise ValidationError(
            {
                "shift": _(
                    "暂停期间不接受预约：%(notice)s也可拨打%(hotline)s公共法律服务热线咨询。"
                )
                % {"notice": suspension_message(suspension), "hotline": LEGAL_HOTLINE}
            }
        )
    if shift.capacity == 0:
        raise ValidationError(
            {"shift": _("该时段只接待现场来访，不接受预约；可在值班时间直接前往。")}
        )
    holding = shift.appointments.filter(status__in=Appointment.HOLDING).count()
    if holding >= shift.capacity:
        raise ValidationError({"shift": _("该时段已约满，请选择其他时段。")})


def booking_refusal(
    shift: DutyShift,
    now: datetime | None = None,
    *,
    source: str = Appointment.Source.PORTAL,
) -> str | None:
    """Why ``shift`` cannot take a booking now (the booking service's own rule), or None.

    For pages that show the reason before the form; the booking itself checks again under
    the shift's lock.
    """
    try:
        _refuse_unbookable(shift, now or timezone.now(), source=source)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def _save_new(appointment: Appointment, *, actor: User | None, extra: dict[str, Any]) -> None:
    """Save a new booking under a fresh random code (another on the rare collision) and
    write its audit row."""
    for _attempt in range(5):
        appointment.code = _new_code()
        if Appointment.objects.filter(code=appointment.code).exists():
            continue
        try:
            with transaction.atomic():
                appointment.save()
        except IntegrityError:  # the same code taken at the same moment
            continue
        break
    else:
        raise ValidationError(_("暂时无法生成预约码，请稍后重试。"))
    record(
        actor=actor,
        action=Action.CREATE,
        obj=appointment,
        object_repr=_audit_repr(appointment),
        after=_appointment_snapshot(appointment),
        extra=extra,
    )


def _refuse_mobile(
    shift: DutyShift, mobile: str, now: datetime, moving: Appointment | None = None
) -> None:
    """The limits of one mobile number, checked under the locked ``shift``'s lock: one open
    booking per shift, and at most ``MAX_OPEN_BOOKINGS_PER_MOBILE`` still to come in the
    street. A booking being ``moving`` to ``shift`` does not count against itself."""
    same_shift = shift.appointments.filter(mobile=mobile, status__in=_OPEN)
    if moving is not None:
        same_shift = same_shift.exclude(pk=moving.pk)
    if same_shift.exists():
        raise ValidationError({"mobile": _("该手机号已预约了这一时段，请勿重复预约。")})
    today = timezone.localtime(now).date()
    held = selectors.open_bookings_of(shift.street_id, mobile, today)
    if moving is not None and moving.status in _OPEN and moving.shift.date >= today:
        held -= 1  # the booking moved gives up its place where it was
    if held >= MAX_OPEN_BOOKINGS_PER_MOBILE:
        raise ValidationError(
            {
                "mobile": _("该手机号已有%(count)d个尚未办理的预约，请办理或取消后再预约。")
                % {"count": MAX_OPEN_BOOKINGS_PER_MOBILE}
            }
        )


def appointment_book(
    *,
    shift: DutyShift,
    topic: str,
    name: str,
    mobile: str,
    consent: bool,
    description: str = "",
    source: str = Appointment.Source.PORTAL,
    actor: User | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book a place on a shift for a resident, online (``actor`` None) or by staff.

    Never overbooks: the shift's row is locked while its places are counted and the booking
    is written, so concurrent bookings of the last place queue and all but one are refused.
    """
    _require_booking_handler(actor)
    now = now or timezone.now()
    if consent is not True:
        raise ValidationError({"consent": _("请阅读并同意个人信息的使用说明后再预约。")})
    appointment = Appointment(
        street_id=shift.street_id,
        shift=shift,
        code="-",
        topic=topic,
        name=(name or "").strip(),
        mobile=(mobile or "").strip(),
        description=(description or "").strip(),
        consent_at=now,
        source=source,
        status=Appointment.Status.BOOKED,
        status_changed_at=now,
    )
    appointment.full_clean(exclude=["code", "shift", "street"])
    with transaction.atomic():
        locked = _lock_shift(shift)
        _refuse_unbookable(locked, now, source=source)
        _refuse_mobile(locked, appointment.mobile, now)
        appointment.shift = locked
        _save_new(appointment, actor=actor, extra={"source": source})
    return appointment


def appointment_confirm(
    appointment: Appointment, *, actor: User | None, now: datetime | None = None
) -> Appointment:
    """Confirm a booking (the office or the lawyer on duty has contacted the resident)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_appointment(appointment)
        if actor is not None and not selectors.may_handle_appointment(actor, locked):
            raise PermissionDenied(Refusal(_("只能办理本人值班的预约。")))
        if locked.status != Appointment.Status.BOOKED:
            raise ValidationError(
                _("只有“已预约”的预约可以确认；该预约%(status)s。")
                % {"status": locked.get_status_display()}
            )
        return _set_status(locked, Appointment.Status.CONFIRMED, actor=actor, now=now)


def appointment_attend(
    appointment: Appointment,
    *,
    actor: User | None,
    attended: bool,
    now: datetime | None = None,
) -> Appointment:
    """Mark whether the resident came, once the shift has started; a mark may be corrected."""
    now = now or timezone.now()
    target = Appointment.Status.ATTENDED if attended else Appointment.Status.NO_SHOW
    with transaction.atomic():
        # The shift first (the module's lock order): its record as absent waits for this mark.
        shift = _lock_shift(appointment.shift)
        locked = _lock_appointment(appointment)
        locked.shift = shift
        if actor is not None and not selectors.may_handle_appointment(actor, locked):
            raise PermissionDenied(Refusal(_("只能办理本人值班的预约。")))
        if locked.status not in (*_OPEN, Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW):
            raise ValidationError(
                _("该预约%(status)s，不能登记到场情况。") % {"status": locked.get_status_display()}
            )
        if selectors.shift_start(shift) > now:
            raise ValidationError(
                _("值班开始后才能登记到场情况（值班时间：%(start)s）。")
                % {"start": cn_datetime(selectors.shift_start(shift))}
            )
        if attended and shift.status == DutyShift.Status.ABSENT:
            raise ValidationError(_("该值班登记为律师未到岗，预约群众不能登记为已到场。"))
        if locked.status == target:
            return locked
        return _set_status(locked, target, actor=actor, now=now)


def appointment_cancel(
    appointment: Appointment,
    *,
    actor: User | None = None,
    by_resident: bool = False,
    reason: str = "",
    now: datetime | None = None,
) -> Appointment:
    """Cancel a booking that has not been served: by the resident (with the code and mobile
    number, before the shift starts) or by the office."""
    if not by_resident:
        _require_booking_handler(actor)
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock_appointment(appointment)
        if locked.status == Appointment.Status.CANCELLED:
            raise ValidationError(_("该预约已取消。"))
        if locked.status == Appointment.Status.RESCHEDULED:
            raise ValidationError(_("该预约已改期，请办理改期后的预约。"))
        if locked.status not in _OPEN:
            raise ValidationError(_("已登记到场情况的预约不能取消。"))
        if by_resident and selectors.shift_start(locked.shift) <= now:
            raise ValidationError(
                _("值班已开始，不能在网上取消预约；如有需要请联系司法所或拨打%(hotline)s。")
                % {"hotline": LEGAL_HOTLINE}
            )
        note = (_("本人取消：%(reason)s") if by_resident else _("工作人员取消：%(reason)s")) % {
            "reason": reason or _("未说明原因")
        }
        return _set_status(
            locked,
            Appointment.Status.CANCELLED,
            actor=actor,
            now=now,
            note=note,
            extra={"by_resident": by_resident},
        )


def appointment_reschedule(
    appointment: Appointment,
    *,
    shift: DutyShift,
    actor: User | None,
    now: datetime | None = None,
) -> Appointment:
    """Move a booking to another shift with a free place: a new booking (new code) is made
    there, and the old one is marked rescheduled and linked to it. The mobile number's limits
    of a booking apply (not twice on one shift, not more open bookings than allowed)."""
    _require_booking_handler(actor)
    now = now or timezone.now()
    with transaction.atomic():
        target = _lock_shift(shift)
        old = _lock_appointment(appointment)
        if old.status not in _OPEN:
            raise ValidationError(
                _("只能为尚未办理的预约改期；该预约%(status)s。")
                % {"status": old.get_status_display()}
            )
        if target.pk == old.shift_id:
            raise ValidationError({"shift": _("请选择另一个值班时段。")})
        if target.street_id != old.street_id:
            raise ValidationError({"shift": _("所选值班不属于本街道。")})
        _refuse_unbookable(target, now, source=Appointment.Source.STAFF)
        _refuse_mobile(target, old.mobile, now, moving=old)
        new = Appointment(
            street_id=old.street_id,
            shift=target,
            topic=old.topic,
            name=old.name,
            mobile=old.mobile,
            description=old.description,
            consent_at=old.consent_at,
            source=old.source,
            status=Appointment.Status.BOOKED,
            status_changed_at=now,
            note=_("由预约%(code)s改期") % {"code": old.code},
        )
        _save_new(new, actor=actor, extra={"rescheduled_from": old.pk})
        _set_status(
            old,
            Appointment.Status.RESCHEDULED,
            actor=actor,
            now=now,
            rescheduled_to=new,
        )
    return new


def appointment_erase_expired(*, today: date | None = None, actor: User | None = None) -> int:
    """Erase the resident's details from bookings whose shift is past the retention period.

    The name keeps its surname (张某), the number and the question are emptied; the booking
    itself stays for the figures. Idempotent: a daily run erases only what has just expired.
    Returns the number of bookings erased.
    """
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=APPOINTMENT_RETENTION_DAYS)
    total = 0
    with transaction.atomic():
        expired = Appointment.objects.filter(shift__date__lt=cutoff).exclude(mobile="")
        by_street: dict[int, list[int]] = {}
        for pk, street_id in expired.values_list("pk", "street_id").order_by("pk"):
            by_street.setdefault(street_id, []).append(pk)
        for street_id, ids in by_street.items():
            count = Appointment.objects.filter(pk__in=ids).update(
                name=Concat(Left("name", 1), Value("某")), mobile="", description=""
            )
            record(
                actor=actor,
                action=Action.UPDATE,
                street=street_id,
                object_type="legal_services.appointment",
                object_repr=_("清除保存期满的预约个人信息"),
                extra={"erased": count, "shift_before": cutoff},
            )
            total += count
    return total


# --- the lawyers' calendar feeds -------------------------------------------------------------


def feed_token_digest(token: str) -> str:
    """The hex SHA-256 digest under which a calendar link's token is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def lawyer_calendar_feed_issue(
    *, lawyer: Lawyer, actor: User | None, now: datetime | None = None
) -> tuple[LawyerCalendarFeed, str]:
    """Give a lawyer a new secret calendar link; the previous one stops working.

    Returns the feed and the token, which is shown once and never stored.
    """
    if actor is not None and not selectors.may_manage_feed(actor, lawyer):
        raise PermissionDenied(Refusal(_("只能管理本人的值班日历，或由司法所管理。")))
    if not lawyer.is_active:
        raise ValidationError(_("该律师已不在册，不能生成值班日历。"))
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = LawyerCalendarFeed.objects.select_for_update().filter(lawyer=lawyer).first()
        event = "issue" if feed is None else "regenerate"
        before = None if feed is None else {"created_at": feed.created_at}
        if feed is None:
            feed = LawyerCalendarFeed(lawyer=lawyer)
        feed.token_digest = feed_token_digest(token)
        feed.created_at = now
        feed.save()
        record(
            actor=actor,
            action=Action.CREATE if before is None else Action.UPDATE,
            obj=feed,
            street=lawyer.street_id,
            before=before,
            after={"lawyer": lawyer.pk, "created_at": now},
            extra={"event": event},
        )
    return feed, token


def lawyer_calendar_feed_revoke(*, lawyer: Lawyer, actor: User | None) -> None:
    """Stop a lawyer's calendar link from working."""
    if actor is not None and not selectors.may_manage_feed(actor, lawyer):
        raise PermissionDenied(Refusal(_("只能管理本人的值班日历，或由司法所管理。")))
    with transaction.atomic():
        feed = LawyerCalendarFeed.objects.select_for_update().filter(lawyer=lawyer).first()
        if feed is None:
            raise ValidationError(_("该律师尚未生成值班日历链接。"))
        record(
            actor=actor,
            action=Action.DELETE,
            obj=feed,
            street=lawyer.street_id,
            before={"lawyer": lawyer.pk, "created_at": feed.created_at},
        )
        feed.delete()
