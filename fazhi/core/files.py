"""Uploaded documents: type checked by content, stored under random names outside any web root,
fingerprinted with SHA-256 and served only through views that check permissions first.

A model declares a document with ``document_field(...)`` and a ``<name>_sha256`` field beside
it; its services call ``fingerprint_into(data, "<name>")`` before saving, and its views serve
the file with ``serve_document(obj.<name>, filename=...)`` after the access check.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import MutableMapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Kinds by their first bytes: the name a user gives a file decides nothing.
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", ".pdf", "application/pdf"),
    (
        b"PK\x03\x04",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc", "application/msword"),
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
]
_OOXML_MAIN_PARTS = {
    "word/document.xml": (".docx", _SIGNATURES[1][2]),
    "xl/workbook.xml": (
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def sniff(file: Any) -> tuple[str, str] | None:
    """The (extension, content type) of ``file`` judged by its content, or None if it is not
    one of the accepted kinds (or only looks like one at its first bytes)."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
        for signature, extension, content_type in _SIGNATURES:
            if not head.startswith(signature):
                continue
            if signature == b"PK\x03\x04":
                return _ooxml_kind(file)
            if extension == ".pdf" and not _pdf_ends(file):
                return None
            if extension == ".doc" and not _ole_word(file):
                return None
            return extension, content_type
        return None
    finally:
        file.seek(position)


def _pdf_ends(file: Any) -> bool:
    """A PDF has its end-of-file marker near the end (scanners and mail systems may append
    padding after it)."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - 64 * 1024))
    return b"%%EOF" in file.read()


def _ole_word(file: Any) -> bool:
    """An OLE compound file is accepted only as a Word document (its WordDocument stream),
    not as a spreadsheet, an installer or a mail message."""
    file.seek(0)
    return "WordDocument".encode("utf-16-le") in file.read(MAX_DOCUMENT_BYTES + 1)


_MAX_ZIP_ENTRIES = 2000
# Parts that make an Office file run code, or that no document needs.
_ACTIVE_PARTS = re.compile(r"(vbaProject\.bin|\.(exe|dll|bat|cmd|com|js|vbs|ps1|scr|msi)$)", re.I)


def _ooxml_kind(file: Any) -> tuple[str, str] | None:
    """A Word or Excel file in the Office Open XML format, without macros or other programs."""
    import zipfile

    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if not entries or len(entries) > _MAX_ZIP_ENTRIES:
                return None
            # Data put before the archive shifts every entry: the file is not what it starts as.
            if min(e.header_offset for e in entries) != 0:
                return None
            names = {e.filename for e in entries}
            if any(_ACTIVE_PARTS.search(name) for name in names):
                return None
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    if "macroEnabled" in types:
        return None
    for part, kind in _OOXML_MAIN_PARTS.items():
        if part in names:
            return kind
    return None


@deconstructible
class DocumentValidator:
    """Refuse a file larger than the limit or of a kind that is not a document or a picture."""

    def __init__(self, max_bytes: int = MAX_DOCUMENT_BYTES) -> None:
        self.max_bytes = max_bytes

    def __call__(self, value: Any) -> None:
        if not value or getattr(value, "_committed", False):
            return  # a file already stored was checked when it came in
        if value.size > self.max_bytes:
            raise ValidationError(
                _("文件不能超过%(size)dMB。") % {"size": self.max_bytes // (1024 * 1024)},
                code="file_too_large",
            )
        if sniff(value) is None:
            raise ValidationError(
                _("只能上传PDF、Word（.docx、.doc）、Excel（.xlsx）文件或JPG、PNG图片。"),
                code="file_type",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentValidator) and other.max_bytes == self.max_bytes


@deconstructible
class RandomName:
    """``<folder>/<year>/<random hex><extension by content>``: nothing of the user's name."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        kind = sniff(instance_file(instance, filename))
        extension = kind[0] if kind else ""
        return f"{self.folder}/{timezone.localdate().year}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def instance_file(instance: Any, filename: str) -> Any:
    """The uncommitted upload of ``instance`` whose name is ``filename``."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.FileField):
            value = getattr(instance, field.attname)
            if value and not value._committed and value.name == filename:
                return value.file
    raise LookupError(filename)


def document_field(verbose_name: Any, folder: str, **kwargs: Any) -> models.FileField:
    """A file field for documents: checked, randomly named, kept under MEDIA_ROOT/<folder>."""
    return models.FileField(
        verbose_name,
        upload_to=RandomName(folder),
        validators=[DocumentValidator()],
        max_length=200,
        help_text=gettext_lazy("PDF、Word、Excel文件或JPG、PNG图片，不超过20MB。"),
        **kwargs,
    )


def fingerprint(file: Any) -> str:
    """The SHA-256 of ``file``'s whole content, as 64 hex digits."""
    digest = hashlib.sha256()
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(position)
    return digest.hexdigest()


def fingerprint_into(data: MutableMapping[str, Any], name: str) -> None:
    """Set ``data["<name>_sha256"]`` when ``data`` brings a new file under ``name`` (or clears it)."""
    if name not in data:
        return
    upload = data[name]
    if not upload:
        data[f"{name}_sha256"] = ""
    elif not isinstance(upload, FieldFile):
        data[f"{name}_sha256"] = fingerprint(upload)


def serve_document(fieldfile: Any, *, filename: str) -> FileResponse:
    """The stored file as a download named ``filename`` (extension as stored)."""
    if not fieldfile:
        from django.http import Http404

        raise Http404(_("没有上传文件。"))
    extension = "." + fieldfile.name.rsplit(".", 1)[-1] if "." in fieldfile.name else ""
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=f"{filename}{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
