"""Excel import of grids and grid workers: the office's first bulk entry of a street.

Column headers, examples and help stay Chinese in any interface language: they are the
template's text, and the headers are what the upload is read by.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal
from fazhi.core.formats import cn_date
from fazhi.core.imports import Choice, Column, Date, Importer, Phone, Reference, Text, Unique
from fazhi.org import services
from fazhi.org.models import Grid, GridWorker, Street, User, Village


def _village_dissolved(village: Village) -> str | None:
    if village.dissolved_on:
        return _("村居“%(name)s”已于%(date)s撤销。") % {
            "name": village.name,
            "date": cn_date(village.dissolved_on),
        }
    return None


def _grid_dissolved(grid: Grid) -> str | None:
    if grid.dissolved_on:
        return _("网格“%(code)s”已于%(date)s撤销。") % {
            "code": grid.code,
            "date": cn_date(grid.dissolved_on),
        }
    return None


def _own_street(user: User) -> Street:
    if user.street is None:  # Importer.check_access refuses such accounts before this
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    return user.street


def _create_grid(values: dict[str, Any], *, user: User) -> Grid:
    return services.grid_create(street=_own_street(user), actor=user, **values)


def _create_grids(rows: list[dict[str, Any]], *, user: User) -> list[Grid]:
    return services.grid_create_many(street=_own_street(user), actor=user, rows=rows)


def _create_grid_worker(values: dict[str, Any], *, user: User) -> GridWorker:
    return services.grid_worker_create(street=_own_street(user), actor=user, **values)


def _create_grid_workers(rows: list[dict[str, Any]], *, user: User) -> list[GridWorker]:
    return services.grid_worker_create_many(street=_own_street(user), actor=user, rows=rows)


GRID_IMPORT = Importer(
    key="grid",
    title=gettext_lazy("网格"),
    model=Grid,
    namespace="org",
    perm="org.import_org",
    list_url="org:grid_list",
    create=_create_grid,
    create_many=_create_grids,
    description=gettext_lazy("村居下划定的网格：所属村居、编号、名称、四至范围和划定日期。"),
    columns=[
        Column(
            "村居名称",
            "village",
            Reference(
                lambda user: Village.objects.for_user(user),
                to_field="name",
                label=gettext_lazy("村居"),
                check=_village_dissolved,
            ),
            required=True,
            example="幸福社区",
        ),
        Column("网格编号", "code", required=True, example="XF-01", help="本街道内不能重复。"),
        Column("网格名称", "name", required=True, example="幸福社区第一网格"),
        Column("四至范围", "area_description", Text(), example="东至海滨大道，西至幸福路"),
        Column("划定日期", "established_on", Date(), required=True, example=date(2020, 9, 28)),
    ],
    unique=[Unique(("code",))],
)

GRID_WORKER_IMPORT = Importer(
    key="gridworker",
    title=gettext_lazy("网格员"),
    model=GridWorker,
    namespace="org",
    perm="org.import_org",
    list_url="org:gridworker_list",
    create=_create_grid_worker,
    create_many=_create_grid_workers,
    description=gettext_lazy("各网格的专职、兼职网格员：姓名、手机号码、类别和上岗日期。"),
    columns=[
        Column(
            "网格编号",
            "grid",
            Reference(
                lambda user: Grid.objects.for_user(user),
                to_field="code",
                label=gettext_lazy("网格编号"),
                check=_grid_dissolved,
            ),
            required=True,
            example="XF-01",
        ),
        Column("姓名", "name", required=True, example="王晓红"),
        Column("性别", "gender", Choice(GridWorker.Gender.choices), example="女"),
        Column("手机号码", "phone", Phone(), required=True, example="13812345678"),
        Column("类别", "kind", Choice(GridWorker.Kind.choices), required=True, example="专职"),
        Column("上岗日期", "started_on", Date(), required=True, example=date(2020, 9, 28)),
        Column("备注", "note", example="兼任楼门长"),
    ],
    unique=[
        Unique(
            ("phone",),
            label=gettext_lazy("在岗网格员"),
            existing=lambda qs: qs.filter(ended_on__isnull=True),
        )
    ],
)

IMPORTERS: list[Importer] = [GRID_IMPORT, GRID_WORKER_IMPORT]
