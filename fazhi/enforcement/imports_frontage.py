"""Excel import of the 门前三包 register as street offices keep it today: one row per unit.

A row naming a unit already registered (the same name and address) updates that unit; any
other row registers a new one. Every row goes through the same services as the unit's form,
and one refused row imports nothing. Column headers and examples stay Chinese in any interface
language: they are what the upload is read by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal
from fazhi.core.imports import (
    CellError,
    Choice,
    Column,
    Date,
    Importer,
    ParseContext,
    Reference,
    Text,
    Unique,
)
from fazhi.core.imports.cells import cell_text
from fazhi.core.imports.importer import Row
from fazhi.enforcement.models import FrontageUnit, KeyArea
from fazhi.enforcement.services import frontage as services
from fazhi.org.models import Grid, Street, User


class CodeText(Text):
    """A code of digits and letters (a credit code): the template keeps it as text."""

    text_format = True

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        return cell_text(value).upper()


class ContactPhone(Text):
    """A mobile number or a landline with its area code; spaces and dashes as typed."""

    kind = "11位手机号码或带区号的固定电话，例如 13812345678 或 022-63123456"
    text_format = True

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = services.normalise_phone(re.sub(r"\s", "", cell_text(value)))
        problem = services.phone_error(text)
        if problem:
            raise CellError(problem)
        return text


def _own_street(user: User) -> Street:
    if user.street is None:  # Importer.check_access refuses such accounts before this
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    return user.street


def _existing(values: dict[str, Any], street: Street) -> FrontageUnit | None:
    """The unit a row names by its name and address, if the street has registered it."""
    if not values.get("name") or not values.get("address"):
        return None
    return FrontageUnit.objects.filter(
        street=street, name=values["name"], address=values["address"]
    ).first()


def _import_unit(values: dict[str, Any], *, user: User) -> FrontageUnit:
    street = _own_street(user)
    unit = _existing(values, street)
    if unit is not None:
        return services.frontage_unit_update(unit, actor=user, **values)
    return services.frontage_unit_create(street=street, actor=user, **values)


def _check_row(values: dict[str, Any], user: User) -> None:
    services.frontage_unit_clean(values)


def _key_area_unused(area: KeyArea) -> str | None:
    return None if area.in_use else _("重点区域“%(name)s”已停用。") % {"name": area.name}


@dataclass(frozen=True)
class FrontageUnitImporter(Importer):
    """The import of 门前三包 units: a row may update the unit it names (name and address)."""

    def _check_models(self, rows: list[Row], ctx: ParseContext) -> None:
        for row in rows:
            self._check_row(row, ctx)

    def _check_row(self, row: Row, ctx: ParseContext) -> None:
        """The model's own validation of the unit as the row would leave it: a unit already
        registered is checked with the row applied, not refused as a duplicate."""
        unit = _existing(row.values, ctx.street)
        try:
            if unit is None:
                instance = FrontageUnit(street=ctx.street, **row.values)
            else:
                instance = unit
                for name, value in services.frontage_unit_clean(row.values).items():
                    setattr(instance, name, value)
            instance.full_clean()
            if self.validate is not None:
                self.validate(row.values, ctx.user)
        except ValidationError as exc:
            row.errors.extend(self.row_errors(row.number, exc))


FRONTAGE_UNIT_IMPORT = FrontageUnitImporter(
    key="frontageunit",
    title=gettext_lazy("门前三包责任单位"),
    model=FrontageUnit,
    namespace="enforcement",
    perm="enforcement.import_enforcement",
    list_url="enforcement:frontageunit_list",
    create=_import_unit,
    validate=_check_row,
    description=gettext_lazy(
        "门前三包责任单位台账：单位名称、类型、统一社会信用代码、地址、所在重点区域、网格、"
        "责任区域、责任人、联系电话和责任书签订日期。单位名称和地址与已登记单位相同的，"
        "更新该单位的信息（留空的列不改变已登记的内容）；其他行登记为新的责任单位。"
    ),
    columns=[
        Column("单位名称", "name", required=True, example="幸福路便民超市"),
        Column("类型", "kind", Choice(FrontageUnit.Kind.choices), required=True, example="商户"),
        Column(
            "统一社会信用代码",
            "credit_code",
            CodeText(),
            example="91350100M000100Y43",
            help="18位，个体工商户没有的可不填。",
        ),
        Column("地址", "address", required=True, example="幸福路18号"),
        Column(
            "重点区域",
            "key_area",
            Reference(
                lambda user: KeyArea.objects.for_user(user),
                to_field="name",
                label=gettext_lazy("重点区域"),
                check=_key_area_unused,
            ),
            example="幸福路",
        ),
        Column(
            "网格编号",
            "grid",
            Reference(
                lambda user: Grid.objects.for_user(user),
                to_field="code",
                label=gettext_lazy("网格编号"),
            ),
            example="HB-01",
        ),
        Column(
            "责任区域",
            "zone",
            required=True,
            example="门前至道路边石，东西各至相邻单位分界",
        ),
        Column("责任人", "contact_name", required=True, example="王店长"),
        Column("联系电话", "contact_phone", ContactPhone(), example="13812345678"),
        Column(
            "责任书签订日期",
            "letter_signed_on",
            Date(),
            example=date(2020, 3, 2),
            help="尚未签订的不填；不能晚于导入当天。",
        ),
    ],
    # Two rows of one file naming the same unit would update it twice: refused. A row naming a
    # registered unit is an update, not a duplicate (``existing`` finds none).
    unique=[
        Unique(
            ("name", "address"),
            label=gettext_lazy("责任单位"),
            existing=lambda qs: qs.none(),
        )
    ],
)

IMPORTERS: list[Importer] = [FRONTAGE_UNIT_IMPORT]
