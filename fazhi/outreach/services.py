"""Writes on law education and publicity: themes, responsibility lists, key dates, activities
with their photos and consultations, publicity items, media works, recognitions, the FAQ, the
question bank, quizzes and residents' attempts.

Pages, the API, the Excel imports, the demo and tests call these. A model's ``clean()`` and
constraints hold the rules of one record; the rules that look beyond it (today's date, a
WeChat group's life, the day of a consultation, the questions a quiz can draw) live here.
Every write is validated before anything is saved and audited in the same transaction.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core import files
from fazhi.core.formats import cn_date
from fazhi.core.imports.bulk import create_in_bulk
from fazhi.core.masking import mask_mobile, mask_name
from fazhi.core.scoping import user_is_lawyer_scoped
from fazhi.core.services import (
    model_create,
    model_delete,
    model_transition,
    model_update,
    refuse_unknown_fields,
)
from fazhi.legal_services.models import Consultation, Lawyer, WechatGroup
from fazhi.org.models import Grid, Street, User
from fazhi.outreach import search
from fazhi.outreach.models import (
    OPTION_LETTERS,
    Activity,
    ActivityPhoto,
    FaqEntry,
    FaqSynonym,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    QuizAttempt,
    Recognition,
    ResponsibilityItem,
    Theme,
)

M = TypeVar("M", bound=models.Model)

# Photos of an activity: pictures only, as evidence photos are judged (structure, not name).
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/heic", "image/heif"}
# A media work's file: a video, a picture or a document.
WORK_KINDS = {files.EVIDENCE_VIDEO, files.EVIDENCE_PHOTO, files.EVIDENCE_DOCUMENT}
# An answer sheet sent this long after the time limit still counts (the page's clock and the
# network are not the server's).
SUBMIT_GRACE = timedelta(seconds=60)

# The key dates every street keeps (普法节点): (name, month, day, end month, end day, theme).
STANDARD_KEY_DATES: list[tuple[str, int, int, int | None, int | None, str]] = [
    ("全民国家安全教育日", 4, 15, None, None, "《国家安全法》"),
    ("民法典宣传月", 5, 1, 5, 31, "《民法典》"),
    ("国际禁毒日", 6, 26, None, None, "《禁毒法》"),
    ("宪法宣传周", 12, 1, 12, 7, "《宪法》"),
    ("国家宪法日", 12, 4, None, None, "《宪法》"),
]

THEME_FIELDS = frozenset({"name", "kind", "sort_order", "is_active", "note"})
RESPONSIBILITY_FIELDS = frozenset({"year", "department", "theme", "content", "audience", "note"})
KEY_DATE_FIELDS = frozenset(
    {"name", "month", "day", "end_month", "end_day", "themes", "description", "is_active"}
)
ACTIVITY_FIELDS = frozenset(
    {
        "title",
        "kind",
        "status",
        "held_on",
        "place",
        "village",
        "department",
        "themes",
        "partner_firm",
        "partners",
        "audience",
        "headcount",
        "materials",
        "key_date",
        "quiz",
        "consultations",
        "summary",
    }
)
PUBLICITY_FIELDS = frozenset(
    {
        "published_on",
        "channel",
        "title",
        "kind",
        "quantity",
        "reach",
        "village",
        "grid",
        "group",
        "lawyer",
        "department",
        "themes",
        "link",
        "note",
    }
)
WORK_FIELDS = frozenset(
    {
        "title",
        "kind",
        "published_on",
        "partner_firm",
        "makers",
        "platform",
        "link",
        "file",
        "views",
        "themes",
        "department",
        "description",
    }
)
RECOGNITION_FIELDS = frozenset(
    {"recognised_on", "recognised_by", "level", "work", "content", "link"}
)
FAQ_FIELDS = frozenset({"question", "answer", "category", "law_references", "partner_firm"})
SYNONYM_FIELDS = frozenset({"term", "synonyms"})
QUESTION_FIELDS = frozenset(
    {"kind", "stem", "options", "answer", "explanation", "law_reference", "theme", "in_use"}
)
QUIZ_FIELDS = frozenset(
    {
        "title",
        "description",
        "opens_at",
        "closes_at",
        "question_count",
        "time_limit_minutes",
        "themes",
        "key_date",
    }
)
# What a quiz may no longer change once residents have taken it.
QUIZ_DRAW_FIELDS = frozenset({"question_count", "time_limit_minutes", "themes"})


# --- helpers -----------------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _trimmed(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _lock(instance: M) -> M:
    return type(instance)._base_manager.select_for_update().get(pk=instance.pk)


def _split_m2m(data: dict[str, Any], names: Iterable[str], street_id: int) -> dict[str, list[Any]]:
    """Take the many-to-many values out of ``data``, refusing records of another street."""
    m2m: dict[str, list[Any]] = {}
    for name in names:
        if name not in data:
            continue
        records = list(data.pop(name) or [])
        foreign = [r for r in records if getattr(r, "street_id", street_id) != street_id]
        if foreign:
            raise ValidationError(
                {
                    name: _("所选记录不属于本街道：%(names)s。")
                    % {"names": _("、").join(str(r) for r in foreign)}
                }
            )
        m2m[name] = records
    return m2m


def _merged(instance: models.Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The record's field values with ``fields`` applied: what the record would become."""
    values = {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields}
    return {**values, **fields}


def _not_after_today(day: date | None, field: str, what: str, today: date) -> None:
    if day is not None and day > today:
        raise ValidationError({field: _("%(what)s不能晚于今天。") % {"what": what}})


def _create(
    model: type[M],
    *,
    street: Street,
    actor: User | None,
    fields: Mapping[str, Any],
    allowed: frozenset[str],
    m2m_names: Iterable[str] = (),
    check: Callable[[dict[str, Any], dict[str, list[Any]]], None] | None = None,
) -> M:
    """Refuse unknown fields, run ``check`` on the new record's values, create and audit it."""
    refuse_unknown_fields(model, fields, allowed)
    data = _trimmed(fields)
    m2m = _split_m2m(data, m2m_names, street.pk)
    if check is not None:
        check(data, m2m)
    return model_create(model, actor=actor, data={"street": street, **data}, m2m=m2m or None)


def _update(
    instance: M,
    *,
    actor: User | None,
    fields: Mapping[str, Any],
    allowed: frozenset[str],
    m2m_names: Iterable[str] = (),
    check: Callable[[dict[str, Any], dict[str, list[Any]], M], None] | None = None,
) -> M:
    """Apply ``fields`` to the locked record after ``check`` saw the record as it would become
    (its many-to-many values too: those sent, else the record's own)."""
    if "street" in fields:
        raise ValidationError(_("记录所属街道不能修改。"))
    refuse_unknown_fields(type(instance), fields, allowed)
    data = _trimmed(fields)
    street_id: int = instance.street_id  # type: ignore[attr-defined]
    m2m = _split_m2m(data, m2m_names, street_id)
    with transaction.atomic():
        locked = _lock(instance)
        if check is not None:
            current = {
                name: m2m[name] if name in m2m else list(getattr(locked, name).all())
                for name in m2m_names
            }
            check(_merged(locked, data), current, locked)
        return model_update(locked, actor=actor, data=data, m2m=m2m or None)[0]


def record_delete(instance: models.Model, *, actor: User | None) -> None:
    """Delete a record; refused with the reason while other records still use it."""
    model_delete(instance, actor=actor)


# --- themes, responsibility lists, key dates ------------------------------------------------


def theme_create(*, street: Street, actor: User | None, **fields: Any) -> Theme:
    """Add a law or a topic the street publicises (普法主题)."""
    return _create(Theme, street=street, actor=actor, fields=fields, allowed=THEME_FIELDS)


def theme_update(theme: Theme, *, actor: User | None, **fields: Any) -> Theme:
    return _update(theme, actor=actor, fields=fields, allowed=THEME_FIELDS)


def responsibility_item_create(
    *, street: Street, actor: User | None, **fields: Any
) -> ResponsibilityItem:
    """Put a law on a department's responsibility list of a year (谁执法谁普法)."""
    return _create(
        ResponsibilityItem,
        street=street,
        actor=actor,
        fields=fields,
        allowed=RESPONSIBILITY_FIELDS,
    )


def responsibility_item_update(
    item: ResponsibilityItem, *, actor: User | None, **fields: Any
) -> ResponsibilityItem:
    return _update(item, actor=actor, fields=fields, allowed=RESPONSIBILITY_FIELDS)


def key_date_create(*, street: Street, actor: User | None, **fields: Any) -> KeyDate:
    """Add a key date of the year for law publicity (普法节点)."""
    return _create(
        KeyDate,
        street=street,
        actor=actor,
        fields=fields,
        allowed=KEY_DATE_FIELDS,
        m2m_names=("themes",),
    )


def key_date_update(key_date: KeyDate, *, actor: User | None, **fields: Any) -> KeyDate:
    return _update(
        key_date, actor=actor, fields=fields, allowed=KEY_DATE_FIELDS, m2m_names=("themes",)
    )


def key_dates_add_standard(*, street: Street, actor: User | None) -> list[KeyDate]:
    """Add the key dates every street keeps (4·15, 民法典宣传月, 6·26, 宪法宣传周, 12·4) that the
    street does not have yet, each with its law where the street has that theme."""
    created: list[KeyDate] = []
    with transaction.atomic():
        Street.objects.select_for_update().get(pk=street.pk)  # two clicks add them once
        existing = set(KeyDate.objects.filter(street=street).values_list("name", flat=True))
        themes = {t.name: t for t in Theme.objects.filter(street=street)}
        for name, month, day, end_month, end_day, theme in STANDARD_KEY_DATES:
            if name in existing:
                continue
            created.append(
                key_date_create(
                    street=street,
                    actor=actor,
                    name=name,
                    month=month,
                    day=day,
                    end_month=end_month,
                    end_day=end_day,
                    themes=[themes[theme]] if theme in themes else [],
                )
            )
    return created


# --- activities ------------------------------------------------------------------------------


def _check_consultations(
    consultations: Iterable[Consultation], held_on: date | None, status: str | None
) -> None:
    consultations = list(consultations)
    if not consultations or held_on is None:
        return
    if status != Activity.Status.HELD:
        raise ValidationError({"consultations": _("活动尚未开展或已取消，不能关联现场法律咨询。")})
    for consultation in consultations:
        day = timezone.localtime(consultation.occurred_at).date()
        if day != held_on:
            raise ValidationError(
                {
                    "consultations": _(
                        "“%(consultation)s”不是活动当天（%(date)s）的咨询，"
                        "不能作为本次活动的现场咨询。"
                    )
                    % {"consultation": consultation, "date": cn_date(held_on)}
                }
            )


def _activity_checker(today: date) -> Callable[..., None]:
    def check(values: dict[str, Any], m2m: dict[str, list[Any]], *_current: Any) -> None:
        status, held_on = values.get("status") or Activity.Status.HELD, values.get("held_on")
        if status == Activity.Status.HELD and held_on is not None:
            _not_after_today(held_on, "held_on", _("已开展活动的活动日期"), today)
            if values.get("headcount") is None:
                raise ValidationError({"headcount": _("已开展的活动请填写参与人数。")})
        if "themes" in m2m and not m2m["themes"]:
            raise ValidationError({"themes": _("请至少选择一个普法主题。")})
        _check_consultations(m2m.get("consultations", []), held_on, status)
        quiz = values.get("quiz")
        if quiz is not None and quiz.status == Quiz.Status.CANCELLED:
            raise ValidationError({"quiz": _("该知识竞答已取消。")})

    return check


def activity_check(values: Mapping[str, Any], *, today: date | None = None) -> None:
    """The rules of a new activity beyond its own record (a held one's date and headcount, its
    themes, its consultations), for a preview that writes nothing (the Excel import's)."""
    data = dict(values)
    m2m = {name: list(data.pop(name) or []) for name in ("themes", "consultations") if name in data}
    m2m.setdefault("themes", [])
    _activity_checker(_today(today))(data, m2m)


def publicity_item_check(values: dict[str, Any], *, today: date | None = None) -> None:
    """The rules of a new publicity item beyond its own record (its date, its WeChat group's
    life), for a preview that writes nothing (the Excel import's)."""
    _publicity_checker(_today(today))(values)


def activity_create(
    *, street: Street, actor: User | None, today: date | None = None, **fields: Any
) -> Activity:
    """Record a law-education activity held (or plan one): its kind, laws, date, place,
    organiser, partners, audience and headcount, and the materials handed out."""
    fields = {"themes": [], **fields}
    return _create(
        Activity,
        street=street,
        actor=actor,
        fields=fields,
        allowed=ACTIVITY_FIELDS,
        m2m_names=("themes", "consultations"),
        check=_activity_checker(_today(today)),
    )


def activity_update(
    activity: Activity, *, actor: User | None, today: date | None = None, **fields: Any
) -> Activity:
    """Change an activity, e.g. record a planned one as held with its headcount."""
    return _update(
        activity,
        actor=actor,
        fields=fields,
        allowed=ACTIVITY_FIELDS,
        m2m_names=("themes", "consultations"),
        check=_activity_checker(_today(today)),
    )


def activity_consultations_set(
    activity: Activity, *, consultations: Iterable[Consultation], actor: User | None
) -> Activity:
    """Link the on-the-spot consultations (recorded in legal services) to the activity: those
    of the activity's street and day only."""
    return activity_update(activity, actor=actor, consultations=list(consultations))


def photo_kind(file: Any) -> tuple[str, str] | None:
    """The (extension, content type) of a picture judged by its content and structure, or None
    when it is not a JPEG, PNG or HEIC picture."""
    found = files.sniff_evidence(file)
    if found is None or found[2] != files.EVIDENCE_PHOTO or found[1] not in PHOTO_TYPES:
        return None
    return found[0], found[1]


def activity_photo_add(
    *, activity: Activity, file: Any, actor: User, caption: str = ""
) -> ActivityPhoto:
    """Add a photo of the activity, checked by its content and fingerprinted."""
    if file is None or not getattr(file, "size", 0):
        raise ValidationError({"file": _("请选择要上传的照片。")})
    if file.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"file": _("照片不能超过%(size)dMB。") % {"size": MAX_PHOTO_BYTES // (1024 * 1024)}}
        )
    kind = photo_kind(file)
    if kind is None:
        raise ValidationError({"file": _("活动照片只能是JPG、PNG或HEIC格式的图片。")})
    with transaction.atomic():
        locked = _lock(activity)
        return model_create(
            ActivityPhoto,
            actor=actor,
            data={
                "activity": locked,
                "file": file,
                "sha256": files.fingerprint(file),
                "content_type": kind[1],
                "size": file.size,
                "caption": (caption or "").strip(),
                "uploaded_by": actor,
            },
        )


def activity_photo_remove(photo: ActivityPhoto, *, actor: User | None) -> None:
    """Remove a photo uploaded by mistake (audited; the file goes with it)."""
    stored = photo.file
    model_delete(photo, actor=actor)
    transaction.on_commit(lambda: stored.delete(save=False))


# --- publicity items -------------------------------------------------------------------------


def _check_group_life(group: WechatGroup, day: date) -> None:
    if day < group.created_on:
        raise ValidationError(
            {
                "published_on": _("日期不能早于该群的建群日期（%(date)s）。")
                % {"date": cn_date(group.created_on)}
            }
        )
    if group.closed_on is not None and day > group.closed_on:
        raise ValidationError(
            {
                "published_on": _("该群已于%(date)s解散，日期不能晚于解散日期。")
                % {"date": cn_date(group.closed_on)}
            }
        )


def _as_own_lawyer(actor: User | None, fields: dict[str, Any], *, creating: bool) -> None:
    """A lawyer's own account logs only its own pushes: the lawyer is its own, filled in when
    left empty and refused when another is named (the office logs any lawyer's)."""
    if actor is None or not user_is_lawyer_scoped(actor):
        return
    if not creating and "lawyer" not in fields:
        return
    own = Lawyer.objects.filter(user=actor).first()
    if own is None:
        raise ValidationError(
            {"lawyer": _("您的账号尚未关联律师登记，不能登记推送；请联系司法所。")}
        )
    lawyer = fields.get("lawyer")
    if lawyer is None:
        fields["lawyer"] = own
    elif lawyer.pk != own.pk:
        raise ValidationError(
            {
                "lawyer": _("律师账号只能登记本人的推送：推送律师请选择“%(name)s”。")
                % {"name": own.name}
            }
        )


def _publicity_checker(today: date) -> Callable[..., None]:
    def check(values: dict[str, Any], *_rest: Any) -> None:
        day: date | None = values.get("published_on")
        _not_after_today(day, "published_on", _("日期"), today)
        grid: Grid | None = values.get("grid")
        if grid is not None and values.get("village") is None:
            values["village"] = grid.village
        group: WechatGroup | None = values.get("group")
        if group is not None and day is not None:
            _check_group_life(group, day)

    return check


def publicity_item_create(
    *, street: Street, actor: User | None, today: date | None = None, **fields: Any
) -> PublicityItem:
    """Log a piece of publicity: a push online (微博, 公众号, 微信群 …) or an item placed
    offline (公开栏, 条幅, 明白纸 …), with its date, quantity or reach and where it went."""
    fields = dict(fields)
    _as_own_lawyer(actor, fields, creating=True)
    refuse_unknown_fields(PublicityItem, fields, PUBLICITY_FIELDS)
    data = _trimmed(fields)
    _publicity_checker(_today(today))(data)
    return _create(
        PublicityItem,
        street=street,
        actor=actor,
        fields=data,
        allowed=PUBLICITY_FIELDS,
        m2m_names=("themes",),
    )


def publicity_item_update(
    item: PublicityItem, *, actor: User | None, today: date | None = None, **fields: Any
) -> PublicityItem:
    fields = dict(fields)
    _as_own_lawyer(actor, fields, creating=False)
    grid = fields.get("grid")
    if grid is not None and "village" not in fields and item.village_id is None:
        fields["village"] = grid.village
    checker = _publicity_checker(_today(today))
    return _update(
        item,
        actor=actor,
        fields=fields,
        allowed=PUBLICITY_FIELDS,
        m2m_names=("themes",),
        check=lambda values, _m2m, _current: checker(values),
    )


# --- media works and recognitions ------------------------------------------------------------


def _work_file(data: dict[str, Any]) -> None:
    """Check a new work file by its content and size and fingerprint it; a cleared file (False)
    is no file."""
    if "file" not in data:
        return
    upload = data["file"]
    if upload is False or not upload:
        data["file"], data["file_sha256"] = "", ""
        return
    if isinstance(upload, models.fields.files.FieldFile):
        return  # the stored file, unchanged
    limit = settings.FAZHI_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("作品文件不能超过%(size)dMB。") % {"size": limit // (1024 * 1024)}}
        )
    found = files.sniff_evidence(upload)
    if found is None or found[2] not in WORK_KINDS:
        raise ValidationError(
            {"file": _("作品文件只能是视频（MP4、MOV等）、图片（JPG、PNG）或PDF、Word文件。")}
        )
    data["file_sha256"] = files.fingerprint(upload)


def _work_checker(today: date) -> Callable[..., None]:
    def check(values: dict[str, Any], *_rest: Any) -> None:
        _not_after_today(values.get("published_on"), "published_on", _("发布日期"), today)

    return check


def media_work_create(
    *, street: Street, actor: User | None, today: date | None = None, **fields: Any
) -> MediaWork:
    """Record a media work (短视频, 文章, 海报, 汇报视频) with its partner, platform, link or
    file, and views."""
    refuse_unknown_fields(MediaWork, fields, WORK_FIELDS)
    data = dict(fields)
    _work_file(data)
    allowed = WORK_FIELDS | {"file_sha256"}
    return _create(
        MediaWork,
        street=street,
        actor=actor,
        fields=data,
        allowed=allowed,
        m2m_names=("themes",),
        check=_work_checker(_today(today)),
    )


def media_work_update(
    work: MediaWork, *, actor: User | None, today: date | None = None, **fields: Any
) -> MediaWork:
    refuse_unknown_fields(MediaWork, fields, WORK_FIELDS)
    data = dict(fields)
    _work_file(data)
    return _update(
        work,
        actor=actor,
        fields=data,
        allowed=WORK_FIELDS | {"file_sha256"},
        m2m_names=("themes",),
        check=_work_checker(_today(today)),
    )


def _recognition_checker(today: date) -> Callable[..., None]:
    def check(values: dict[str, Any], *_rest: Any) -> None:
        _not_after_today(values.get("recognised_on"), "recognised_on", _("日期"), today)

    return check


def recognition_create(
    *, street: Street, actor: User | None, today: date | None = None, **fields: Any
) -> Recognition:
    """Record a recognition of the street's law publicity (表彰、肯定、转发推介)."""
    return _create(
        Recognition,
        street=street,
        actor=actor,
        fields=fields,
        allowed=RECOGNITION_FIELDS,
        check=_recognition_checker(_today(today)),
    )


def recognition_update(
    recognition: Recognition, *, actor: User | None, today: date | None = None, **fields: Any
) -> Recognition:
    return _update(
        recognition,
        actor=actor,
        fields=fields,
        allowed=RECOGNITION_FIELDS,
        check=_recognition_checker(_today(today)),
    )


# --- the legal FAQ ---------------------------------------------------------------------------


def faq_entry_create(
    *,
    street: Street,
    actor: User | None,
    published_on: date | None = None,
    today: date | None = None,
    **fields: Any,
) -> FaqEntry:
    """Write a question and its answer as a draft, or published on ``published_on``; either
    way it is indexed for the FAQ search (the portal's search sees published entries only)."""
    with transaction.atomic():
        entry = _create(FaqEntry, street=street, actor=actor, fields=fields, allowed=FAQ_FIELDS)
        search.index_entry(entry)
        if published_on is not None:
            entry = faq_entry_publish(entry, actor=actor, on=published_on, today=today)
    return entry


def faq_entry_update(entry: FaqEntry, *, actor: User | None, **fields: Any) -> FaqEntry:
    """Correct a question or its answer, and the search index with it; a published entry
    stays published."""
    with transaction.atomic():
        entry = _update(entry, actor=actor, fields=fields, allowed=FAQ_FIELDS)
        search.index_entry(entry)
    return entry


def faq_entry_publish(
    entry: FaqEntry, *, actor: User | None, on: date | None = None, today: date | None = None
) -> FaqEntry:
    """Publish a draft (or a retired entry again) from ``on`` (today by default): the
    portal and its search show it from now on."""
    day = on or _today(today)
    _not_after_today(day, "published_on", _("发布日期"), _today(today))
    with transaction.atomic():
        locked = _lock(entry)
        if locked.status == FaqEntry.Status.PUBLISHED:
            raise ValidationError(_("该问题已发布。"))
        model_transition(
            locked,
            actor=actor,
            changes={"status": FaqEntry.Status.PUBLISHED, "published_on": day, "retired_on": None},
        )
        search.index_entry(locked)
    return locked


def faq_entry_retire(
    entry: FaqEntry, *, actor: User | None, on: date | None = None, today: date | None = None
) -> FaqEntry:
    """Take a published entry off the portal and out of its search from ``on`` (today by
    default), e.g. once the law it cites is replaced; it stays on record."""
    day = on or _today(today)
    _not_after_today(day, "retired_on", _("停用日期"), _today(today))
    with transaction.atomic():
        locked = _lock(entry)
        if locked.status != FaqEntry.Status.PUBLISHED:
            raise ValidationError(
                _("只有已发布的问题可以停用；该问题%(status)s。")
                % {"status": locked.get_status_display()}
            )
        assert locked.published_on is not None
        if day < locked.published_on:
            raise ValidationError(
                {
                    "retired_on": _("停用日期不能早于发布日期（%(date)s）。")
                    % {"date": cn_date(locked.published_on)}
                }
            )
        model_transition(
            locked, actor=actor, changes={"status": FaqEntry.Status.RETIRED, "retired_on": day}
        )
        search.index_entry(locked)
    return locked


def faq_synonym_create(*, street: Street, actor: User | None, **fields: Any) -> FaqSynonym:
    """Add a word and the words residents may search by for the same thing."""
    return _create(FaqSynonym, street=street, actor=actor, fields=fields, allowed=SYNONYM_FIELDS)


def faq_synonym_update(synonym: FaqSynonym, *, actor: User | None, **fields: Any) -> FaqSynonym:
    return _update(synonym, actor=actor, fields=fields, allowed=SYNONYM_FIELDS)


# --- the question bank and quizzes -----------------------------------------------------------


def question_create(*, street: Street, actor: User | None, **fields: Any) -> Question:
    """Add a question to the bank (单选、多选、判断) with its answer and explanation."""
    return _create(Question, street=street, actor=actor, fields=fields, allowed=QUESTION_FIELDS)


def question_create_many(
    *, street: Street, actor: User | None, rows: Sequence[Mapping[str, Any]]
) -> list[Question]:
    """Add many questions at once (an import), each as ``question_create`` adds one;
    RowsRejected names every refused row by its index, and nothing is written."""
    prepared: list[Question | ValidationError] = []
    for row in rows:
        try:
            refuse_unknown_fields(Question, row, QUESTION_FIELDS)
        except ValidationError as exc:
            prepared.append(exc)
        else:
            prepared.append(Question(street=street, **_trimmed(row)))
    return create_in_bulk(prepared, actor=actor)


def question_update(question: Question, *, actor: User | None, **fields: Any) -> Question:
    """Change a question; attempts already made keep the score they were given."""
    return _update(question, actor=actor, fields=fields, allowed=QUESTION_FIELDS)


def quiz_pool(quiz: Quiz) -> models.QuerySet[Question]:
    """The questions a quiz draws from: in use, of its street and, if it names themes, of those."""
    pool = Question.objects.filter(street_id=quiz.street_id, in_use=True)
    themes = list(quiz.themes.all()) if quiz.pk else []
    if themes:
        pool = pool.filter(theme__in=themes)
    return pool


def _check_quiz(values: dict[str, Any], m2m: dict[str, list[Any]], *_rest: Any) -> None:
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("结束时间须晚于开始时间。")})


def quiz_create(*, street: Street, actor: User | None, **fields: Any) -> Quiz:
    """Set up a quiz (unpublished): its window, the number of questions drawn per attempt,
    the time limit and the themes drawn from."""
    return _create(
        Quiz,
        street=street,
        actor=actor,
        fields=fields,
        allowed=QUIZ_FIELDS,
        m2m_names=("themes",),
        check=_check_quiz,
    )


def quiz_update(quiz: Quiz, *, actor: User | None, **fields: Any) -> Quiz:
    """Change a quiz; once residents have taken it, what they were given stays."""

    def check(values: dict[str, Any], m2m: dict[str, list[Any]], current: Quiz) -> None:
        _check_quiz(values, m2m)
        changed = {
            name
            for name in QUIZ_DRAW_FIELDS & set(fields)
            if (
                {t.pk for t in m2m[name]} != set(current.themes.values_list("pk", flat=True))
                if name == "themes"
                else fields[name] != getattr(current, name)
            )
        }
        if changed and current.attempts.exists():
            raise ValidationError(_("已有群众参加本次竞答，不能再修改抽题数、答题限时和出题范围。"))

    return _update(
        quiz, actor=actor, fields=fields, allowed=QUIZ_FIELDS, m2m_names=("themes",), check=check
    )


def quiz_publish(quiz: Quiz, *, actor: User | None, now: datetime | None = None) -> Quiz:
    """Publish a quiz: its window must still be to come or open, and the bank must hold enough
    questions in use for each attempt's draw."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(quiz)
        if locked.status != Quiz.Status.DRAFT:
            raise ValidationError(
                _("只有未发布的竞答可以发布；该竞答%(status)s。")
                % {"status": locked.get_status_display()}
            )
        if locked.closes_at <= now:
            raise ValidationError(_("竞答的结束时间已过，不能发布；请先修改开始和结束时间。"))
        available = quiz_pool(locked).count()
        if available < locked.question_count:
            raise ValidationError(
                _("出题范围内在用的试题只有%(available)d道，少于每次抽题数%(count)d道。")
                % {"available": available, "count": locked.question_count}
            )
        model_transition(locked, actor=actor, changes={"status": Quiz.Status.PUBLISHED})
    return locked


def quiz_cancel(quiz: Quiz, *, actor: User | None) -> Quiz:
    """Cancel a quiz that is not to be held (its attempts stay on record)."""
    with transaction.atomic():
        locked = _lock(quiz)
        if locked.status == Quiz.Status.CANCELLED:
            raise ValidationError(_("该竞答已取消。"))
        model_transition(locked, actor=actor, changes={"status": Quiz.Status.CANCELLED})
    return locked


def _attempt_audit(attempt: QuizAttempt, action: str, after: dict[str, Any]) -> None:
    """The attempt's audit row: who by masked name and number, as public writes are kept."""
    record(
        actor=None,
        action=action,
        obj=attempt,
        street=attempt.quiz.street_id,
        object_repr=f"{attempt.quiz.title} {mask_name(attempt.name)}",
        after={
            "quiz": attempt.quiz_id,
            "name": mask_name(attempt.name),
            "mobile": mask_mobile(attempt.mobile),
            **after,
        },
    )


def quiz_attempt_start(
    *,
    quiz: Quiz,
    mobile: str,
    name: str,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> QuizAttempt:
    """Start a resident's one attempt at a published, open quiz: draw its questions.

    One attempt per mobile number and quiz, kept by the database's constraint, so two
    attempts started at the same moment with one number cannot both be written."""
    now = now or timezone.now()
    quiz = Quiz.objects.get(pk=quiz.pk)  # its state as stored, not as the caller last read it
    attempt = QuizAttempt(
        quiz=quiz, mobile=(mobile or "").strip(), name=(name or "").strip(), started_at=now
    )
    attempt.full_clean(exclude=["quiz", "questions"], validate_unique=False)
    if quiz.status != Quiz.Status.PUBLISHED:
        raise ValidationError(_("该竞答尚未发布或已取消。"))
    if now < quiz.opens_at:
        raise ValidationError(_("竞答尚未开始。"))
    if now >= quiz.closes_at:
        raise ValidationError(_("竞答已结束。"))
    pool = list(quiz_pool(quiz).order_by("pk").values_list("pk", flat=True))
    if len(pool) < quiz.question_count:
        raise ValidationError(_("题库中的试题不足，暂时无法参加竞答，请联系主办单位。"))
    attempt.questions = (rng or random.SystemRandom()).sample(pool, quiz.question_count)
    try:
        with transaction.atomic():
            attempt.save()
            _attempt_audit(attempt, Action.CREATE, {"questions": attempt.questions})
    except IntegrityError:
        raise ValidationError(
            {"mobile": _("该手机号码已参加过本次竞答，每个号码只能参加一次。")}
        ) from None
    return attempt


def quiz_attempt_submit(
    attempt: QuizAttempt, *, answers: Mapping[str, str], now: datetime | None = None
) -> QuizAttempt:
    """Hand in the answers (question id → option letters) and score them on the server, once,
    within the time limit and the quiz's window."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.submitted_at is not None:
            raise ValidationError(_("已经交卷，不能重复提交。"))
        if now > locked.deadline + SUBMIT_GRACE:
            raise ValidationError(_("已超过答题时限，本次作答未能提交。"))
        drawn = [int(pk) for pk in locked.questions]
        keys = dict(Question.objects.filter(pk__in=drawn).values_list("pk", "answer"))
        given: dict[str, str] = {}
        for pk in drawn:
            raw = str(answers.get(str(pk), "") or "").strip().upper()
            given[str(pk)] = "".join(sorted({c for c in raw if c in OPTION_LETTERS}))
        correct = sum(1 for pk in drawn if given[str(pk)] and given[str(pk)] == keys.get(pk))
        locked.answers = given
        locked.correct = correct
        locked.score = round(100 * correct / len(drawn)) if drawn else 0
        locked.submitted_at = now
        locked.save(update_fields=["answers", "correct", "score", "submitted_at"])
        _attempt_audit(locked, Action.UPDATE, {"correct": correct, "score": locked.score})
    return locked
