"""Uploaded documents are judged by their whole structure, not by their first bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.files import DocumentValidator, serve_document, sniff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    '{kind}"/></Types>'
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(kind: str = "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"):
    return {
        "[Content_Types].xml": CONTENT_TYPES.format(kind=kind).encode(),
        "word/document.xml": b"<w:document/>",
    }


def _upload(content: bytes, name: str = "文件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_real_documents_are_accepted_by_content():
    import docx
    import openpyxl

    word = io.BytesIO()
    docx.Document().save(word)
    sheet = io.BytesIO()
    openpyxl.Workbook().save(sheet)
    assert sniff(io.BytesIO(PDF))[0] == ".pdf"
    assert sniff(io.BytesIO(word.getvalue()))[0] == ".docx"
    assert sniff(io.BytesIO(sheet.getvalue()))[0] == ".xlsx"
    DocumentValidator()(_upload(word.getvalue(), "合同.pdf"))  # the name decides nothing


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.4\n<html><script>alert(1)</script></html>", id="html-as-pdf"),
        pytest.param(_zip({**_docx(), "word/setup.exe": b"MZ"}), id="docx-carrying-a-program"),
        pytest.param(
            _zip({**_docx(), "word/vbaProject.bin": b"\x00"}), id="docx-with-macro-project"
        ),
        pytest.param(
            _zip(_docx("vnd.ms-word.document.macroEnabled.main+xml")), id="macro-enabled-type"
        ),
        pytest.param(b"PK\x03\x04junk" + _zip(_docx()), id="data-before-the-archive"),
        pytest.param(_zip({"word/document.xml": b"<w/>"}), id="zip-without-content-types"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le"),
            id="ole-spreadsheet-as-doc",
        ),
    ],
)
def test_files_that_only_look_like_documents_are_refused(content):
    assert sniff(io.BytesIO(content)) is None
    with pytest.raises(ValidationError, match="只能上传"):
        DocumentValidator()(_upload(content))


def test_an_ole_word_document_is_accepted():
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le")
    )
    assert sniff(io.BytesIO(content))[0] == ".doc"


def test_a_pdf_with_padding_after_its_end_marker_is_accepted():
    assert sniff(io.BytesIO(PDF + b"\r\n" + b"\x00" * 4096))[0] == ".pdf"


@pytest.mark.parametrize(
    ("stored", "content_type"),
    [
        (
            "docs/合同.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("docs/决定.PDF", "application/pdf"),
        ("evidence/录音.amr", "audio/amr"),
        ("evidence/照片.heic", "image/heic"),
        ("evidence/视频.mp4", "video/mp4"),
    ],
)
def test_a_download_names_its_type_without_the_systems_mime_table(
    monkeypatch, tmp_path, stored, content_type
):
    """A minimal server without /etc/mime.types still serves a Word file as a Word file."""
    import mimetypes

    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile

    monkeypatch.setattr(mimetypes, "guess_type", lambda *args, **kwargs: (None, None))
    storage = FileSystemStorage(location=tmp_path)
    saved = storage.save(stored, io.BytesIO(b"content"))

    class Field:
        def __init__(self):
            self.storage = storage

    response = serve_document(FieldFile(None, Field(), saved), filename="下载")
    try:
        assert response["Content-Type"] == content_type
        assert "attachment" in response["Content-Disposition"]
    finally:
        response.file_to_stream.close()
