"""The Excel imports of enforcement: the violation catalogue, patrol logs and 门前三包 units."""

from __future__ import annotations

from django.urls import URLPattern
from django.utils.translation import gettext_lazy

from fazhi.core.imports.pages import ImportPages
from fazhi.enforcement import imports, imports_frontage

IMPORT_PAGES = ImportPages(
    importers=[*imports.IMPORTERS, *imports_frontage.IMPORTERS],
    namespace="enforcement",
    perm="enforcement.import_enforcement",
    title=gettext_lazy("行政执法数据导入"),
    help=gettext_lazy(
        "从Excel文件成批录入违法行为目录、巡查记录和门前三包责任单位：下载模板、填写、上传预览，"
        "确认无误后一次导入。导入的每条记录与手工录入一样经过校验并记入审计日志；只能引用本街道"
        "已登记的网格、重点区域和工作人员。"
    ),
    refusal=gettext_lazy("无权导入行政执法数据。"),
)

urlpatterns: list[URLPattern] = [*IMPORT_PAGES.urls()]
