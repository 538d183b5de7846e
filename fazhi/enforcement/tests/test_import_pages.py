"""The enforcement import pages: what the office and the system administrator may import, the
templates, and one catalogue file taken from the template through preview to the records."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import ViolationCategory

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_home_lists_the_catalogue_patrol_logs_and_frontage_units(world, enf):
    response = world.client(world.clerk_a).get(reverse("enforcement:import_home"))
    assert response.status_code == 200
    keys = [item["importer"].key for item in response.context["importers"]]
    assert keys == ["violationcategory", "patrol", "frontageunit"]


def test_import_needs_the_import_permission(world, enf):
    for user in (world.leader, world.reviewer, world.grid_worker):
        client = world.client(user)
        assert client.get(reverse("enforcement:import_home")).status_code == 403
        template = reverse("enforcement:import_template", args=["violationcategory"])
        assert client.get(template).status_code == 403


def test_catalogue_from_its_template_through_preview_to_the_records(world, enf):
    client = world.client(world.sysadmin)
    response = client.get(reverse("enforcement:import_template", args=["violationcategory"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_MIME
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    example = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    example.update({headers[0]: "SR-99", headers[1]: "违规设置地桩地锁"})
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=2, column=column, value=example[header])
    buffer = BytesIO()
    book.save(buffer)
    audit_before = AuditEntry.objects.count()
    upload = SimpleUploadedFile("目录.xlsx", buffer.getvalue(), content_type=XLSX_MIME)
    staged = client.post(
        reverse("enforcement:import_upload", args=["violationcategory"]), {"file": upload}
    )
    assert staged.status_code == 302
    preview = client.get(staged["Location"])
    assert preview.status_code == 200
    assert not ViolationCategory.objects.filter(code="SR-99").exists()
    applied = client.post(preview.context["apply_url"])
    assert applied.status_code == 302
    category = ViolationCategory.objects.get(code="SR-99")
    assert category.name == "违规设置地桩地锁" and category.street == world.a.street
    assert AuditEntry.objects.count() > audit_before
