"""The data-import pages for grids and grid workers (系统管理 › 数据导入)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.imports.pages import ImportPages
from fazhi.org.imports import IMPORTERS

PAGES = ImportPages(
    importers=IMPORTERS,
    namespace="org",
    perm="org.import_org",
    title=_("数据导入"),
    help=_(
        "从Excel文件成批录入记录：下载模板、填写、上传预览，确认无误后一次导入。导入的每条记录与"
        "手工录入一样经过校验并记入审计日志；只能引用本街道的村居和网格。"
    ),
    refusal=_("无权导入网格和网格员。"),
)
