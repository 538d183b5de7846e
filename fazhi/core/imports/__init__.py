"""Excel import: a record type declares its columns once and gets a template, a preview and an
all-or-nothing apply that writes through the same service as the manual form.

    GRID_IMPORT = Importer(
        key="grid", title="网格", model=Grid, namespace="org", perm="org.import_org",
        list_url="org:grid_list", create=_create_grid,
        columns=[Column("村居名称", "village", Reference(...), required=True), ...],
        unique=[Unique(("code",))],
    )

The flow of one import: ``template_response`` (download) → ``upload_page`` (check the file and
keep it under ``DATA_DIR/imports``) → ``preview_page`` (every row with its errors, nothing
written) → ``apply_import`` (re-validate, then create every row in one transaction, or none).
"""

from fazhi.core.imports.cells import (
    MAX_BYTES,
    MAX_ROWS,
    CellError,
    Choice,
    Date,
    DateTime,
    Integer,
    ParseContext,
    Phone,
    Reference,
    Text,
    Time,
    YesNo,
)
from fazhi.core.imports.importer import Column, Importer, ImportRejected, Preview, Unique
from fazhi.core.imports.pages import (
    apply_import,
    get_importer,
    preview_page,
    template_response,
    upload_page,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "CellError",
    "Choice",
    "Column",
    "Date",
    "DateTime",
    "ImportRejected",
    "Importer",
    "Integer",
    "ParseContext",
    "Phone",
    "Preview",
    "Reference",
    "Text",
    "Time",
    "Unique",
    "YesNo",
    "apply_import",
    "get_importer",
    "preview_page",
    "template_response",
    "upload_page",
]
