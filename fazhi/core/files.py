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
# What a document field may hold, as served: the kinds sniff() accepts, named once.
DOCUMENT_CONTENT_TYPES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [content_type for _signature, _extension, content_type in _SIGNATURES]
        + [content_type for _extension, content_type in _OOXML_MAIN_PARTS.values()]
    )
)


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
# Parts that make an Office file run code, or that no document needs (web pages, Android and
# Java packages, shell scripts among them).
_ACTIVE_PARTS = re.compile(
    r"(vbaProject\.bin|\.(exe|dll|bat|cmd|com|js|vbs|ps1|scr|msi|html?|xhtml|hta|apk|jar|sh)$)",
    re.I,
)


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
        upload = instance_file(instance, filename)
        kind = sniff(upload) or sniff_evidence(upload)
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


def stored_content_type(extension: str) -> str:
    """The content type of a stored file by the extension sniffing gave it."""
    known = {ext: content_type for _signature, ext, content_type in _SIGNATURES}
    known.update(dict(_OOXML_MAIN_PARTS.values()))
    known.update({ext: content_type for ext, (content_type, _kind) in _MEDIA_KINDS.items()})
    return known.get(extension.lower(), "application/octet-stream")


def serve_document(fieldfile: Any, *, filename: str) -> FileResponse:
    """The stored file as a download named ``filename`` (extension as stored)."""
    if not fieldfile:
        from django.http import Http404

        raise Http404(_("没有上传文件。"))
    extension = "." + fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name else ""
    # The type comes from what sniffing accepted, not from the system's mime.types (a minimal
    # server may lack it, and a browser then offers a Word file as "octet-stream").
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=True,
        filename=f"{filename}{extension}",
        content_type=stored_content_type(extension),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Evidence (全过程记录): photos, audio and video as well as documents -----------------------
#
# Evidence is judged by its structure like documents are: a known signature at the start and
# the format's structure walked as far as it is cheap to walk (JPEG's segments up to the scan,
# PNG's chunks up to IEND, a second MP3 frame, every top-level ISO-BMFF box up to the end of
# the file with its media box, RIFF's chunks, AMR's frames, Matroska's header and Segment), so
# that a program, a web page or a text file behind a media header is refused. Only zero bytes
# may pad a file after its last box or chunk (recorders pre-allocate); the content of a media
# box (mdat, data, movi) is not judged. A recording cut short (its media box longer than the
# file) is refused as an MP4 and accepted as WAV or AVI, whose writers leave the size open.

EVIDENCE_PHOTO = "photo"
EVIDENCE_AUDIO = "audio"
EVIDENCE_VIDEO = "video"
EVIDENCE_DOCUMENT = "document"

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"F4A "}
_QUICKTIME_BRANDS = {b"qt  "}
_MP4_VIDEO_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VH",
    b"M4VP",
    b"MSNV",
    b"dash",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"f4v ",
}
# Boxes that may follow ``ftyp`` at the top level of an ISO-BMFF file.
_TOP_LEVEL_BOXES = {
    b"moov",
    b"mdat",
    b"free",
    b"skip",
    b"wide",
    b"meta",
    b"uuid",
    b"pdin",
    b"moof",
    b"styp",
    b"sidx",
    b"junk",
    b"pnot",
}


def sniff_evidence(file: Any) -> tuple[str, str, str] | None:
    """The (extension, content type, evidence kind) of ``file`` judged by its content, or None
    if it is none of the accepted photo, audio, video or document formats.

    The kind is one of ``photo``, ``audio``, ``video``, ``document`` (``Evidence.Kind``)."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(64)
        found = _media_kind(file, head)
    finally:
        file.seek(position)
    if found is not None:
        return found
    document = sniff(file)
    if document is None:
        return None
    extension, content_type = document
    if extension in {".jpg", ".png"}:
        # The document check knows pictures by their first bytes; evidence asks for more.
        if not _picture_structure(file, extension):
            return None
        return extension, content_type, EVIDENCE_PHOTO
    return extension, content_type, EVIDENCE_DOCUMENT


def _picture_structure(file: Any, extension: str) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        return _png_chunks(file) if extension == ".png" else _jpeg_segments(file)
    finally:
        file.seek(position)


_MAX_SEGMENTS = 10_000
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_segments(file: Any) -> bool:
    """A JPEG's marker segments, well formed from its start marker to its scan (with a frame
    header before it) or to its end marker. What follows is not walked: the scan's data is
    not judged, and phones append a motion photo's video after the end marker."""
    file.seek(2)
    framed = False
    for _step in range(_MAX_SEGMENTS):
        marker = file.read(2)
        while marker == b"\xff\xff":  # fill bytes before a marker
            marker = b"\xff" + file.read(1)
        if len(marker) < 2 or marker[0] != 0xFF:
            return False
        if marker[1] in _JPEG_STANDALONE:
            continue
        if marker[1] == 0xD9:  # end of image
            return True
        if marker[1] in (0x00, 0xD8):
            return False
        length = int.from_bytes(file.read(2), "big")
        if length < 2:
            return False
        if marker[1] == 0xDA:  # start of scan
            return framed and len(file.read(length - 2)) == length - 2
        framed = framed or marker[1] in _JPEG_FRAMES
        body = file.read(length - 2)
        if len(body) < length - 2:
            return False
    return False


def _png_chunks(file: Any) -> bool:
    """A PNG's chunks, IHDR first, image data, then IEND, each inside the file."""
    file.seek(0, 2)
    length = file.tell()
    offset, seen = 8, list[bytes]()
    for _step in range(_MAX_SEGMENTS * 10):
        file.seek(offset)
        header = file.read(8)
        if len(header) < 8:
            return False
        size, kind = int.from_bytes(header[:4], "big"), header[4:8]
        if size > 0x7FFFFFFF or not kind.isalpha() or offset + 12 + size > length:
            return False
        if not seen and kind != b"IHDR":
            return False
        seen.append(kind)
        if kind == b"IEND":
            return b"IDAT" in seen
        offset += 12 + size
    return False


# The recordings and HEIC photos evidence may be, by the extension they are stored with.
_MEDIA_KINDS: dict[str, tuple[str, str]] = {
    ".wav": ("audio/wav", EVIDENCE_AUDIO),
    ".avi": ("video/x-msvideo", EVIDENCE_VIDEO),
    ".awb": ("audio/amr-wb", EVIDENCE_AUDIO),
    ".amr": ("audio/amr", EVIDENCE_AUDIO),
    ".heic": ("image/heic", EVIDENCE_PHOTO),
    ".m4a": ("audio/mp4", EVIDENCE_AUDIO),
    ".mov": ("video/quicktime", EVIDENCE_VIDEO),
    ".3gp": ("video/3gpp", EVIDENCE_VIDEO),
    ".mp4": ("video/mp4", EVIDENCE_VIDEO),
    ".webm": ("video/webm", EVIDENCE_VIDEO),
    ".mkv": ("video/x-matroska", EVIDENCE_VIDEO),
    ".mp3": ("audio/mpeg", EVIDENCE_AUDIO),
}


def _media(extension: str) -> tuple[str, str, str]:
    content_type, kind = _MEDIA_KINDS[extension]
    return extension, content_type, kind


def _media_kind(file: Any, head: bytes) -> tuple[str, str, str] | None:
    if head[4:8] == b"ftyp":
        return _iso_bmff_kind(file, head)
    if head.startswith(b"RIFF") and len(head) >= 16:
        chunks = _riff_chunks(file)
        if chunks is None:
            return None
        if head[8:12] == b"WAVE" and chunks[:1] == [b"fmt "] and b"data" in chunks:
            return _media(".wav")
        if head[8:12] == b"AVI " and chunks[:1] == [b"LISThdrl"] and b"LISTmovi" in chunks:
            return _media(".avi")
        return None
    if head.startswith(b"#!AMR-WB\n"):
        if not _amr_frames(file, len(b"#!AMR-WB\n"), _AMR_WB_SIZES):
            return None
        return _media(".awb")
    if head.startswith(b"#!AMR\n"):
        if not _amr_frames(file, len(b"#!AMR\n"), _AMR_NB_SIZES):
            return None
        return _media(".amr")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _matroska_kind(file, head)
    if head.startswith(b"ID3") or head[:1] == b"\xff":
        return _mp3_kind(file, head)
    return None


def _iso_bmff_kind(file: Any, head: bytes) -> tuple[str, str, str] | None:
    """MP4, MOV, M4A, 3GP and HEIC photos: the ``ftyp`` box names the brands; the next box
    must be one an ISO base media file has at its top level, every top-level box must lie
    inside the file up to its end, and the file must hold its media: a ``moov`` or ``mdat``
    box (a HEIC photo its ``meta`` box)."""
    size = int.from_bytes(head[:4], "big")
    if size < 16 or size > 4096 or (size - 16) % 4:
        return None
    file.seek(0)
    box = file.read(size + 8)
    if len(box) < size + 8 or box[size + 4 : size + 8] not in _TOP_LEVEL_BOXES:
        return None
    boxes = _iso_bmff_boxes(file)
    if boxes is None:
        return None
    major = box[8:12]
    brands = {major, *(box[i : i + 4] for i in range(16, size, 4))}
    if major in _HEIF_BRANDS or (major not in _MP4_VIDEO_BRANDS and brands & _HEIF_BRANDS):
        return _media(".heic") if b"meta" in boxes else None
    if not boxes & {b"moov", b"mdat"}:
        return None
    if major in _M4A_BRANDS:
        return _media(".m4a")
    if major in _QUICKTIME_BRANDS:
        return _media(".mov")
    if major in _MP4_VIDEO_BRANDS or brands & _MP4_VIDEO_BRANDS:
        if major.startswith(b"3g"):
            return _media(".3gp")
        return _media(".mp4")
    return None


_MAX_BOXES = 10_000
_MAX_PADDING = 1024 * 1024


def _fourcc(kind: bytes) -> bool:
    return len(kind) == 4 and all(0x20 <= b <= 0x7E for b in kind)


def _zero_padding(file: Any, offset: int, length: int) -> bool:
    """Whether the file holds only zero bytes (and at most ``_MAX_PADDING`` of them) from
    ``offset`` to its end."""
    if length - offset > _MAX_PADDING:
        return False
    file.seek(offset)
    return not file.read(length - offset).strip(b"\x00")


def _iso_bmff_boxes(file: Any) -> set[bytes] | None:
    """The types of an ISO-BMFF file's top-level boxes, walked from its start to its end; None
    if a box is not one (a size that leaves the file, a type that is no four-character code) or
    there are too many of them."""
    file.seek(0, 2)
    length = file.tell()
    offset, found = 0, set[bytes]()
    for _step in range(_MAX_BOXES):
        if offset == length:
            return found
        file.seek(offset)
        header = file.read(16)
        size, kind = int.from_bytes(header[:4], "big"), header[4:8]
        if not _fourcc(kind):
            return found if _zero_padding(file, offset, length) else None
        if size == 1:  # a 64-bit size follows the type
            size = int.from_bytes(header[8:16], "big") if len(header) == 16 else 0
            if size < 16:
                return None
        elif size == 0:  # the last box, up to the end of the file
            size = length - offset
        elif size < 8:
            return None
        if offset + size > length:
            return None
        found.add(kind)
        offset += size
    return None


_MAX_CHUNKS = 10_000


def _riff_chunks(file: Any) -> list[bytes] | None:
    """The chunks of a RIFF file after its form type (a list as ``LIST`` + its type), each inside
    the file; the media chunk (WAV's ``data``, AVI's ``movi``) may run past the end of a
    recording whose writer left its size open."""
    file.seek(0, 2)
    length = file.tell()
    offset, found = 12, list[bytes]()
    for _step in range(_MAX_CHUNKS):
        if offset >= length:
            return found
        file.seek(offset)
        header = file.read(12)
        if len(header) < 8 or not _fourcc(header[:4]):
            return found if _zero_padding(file, offset, length) else None
        size = int.from_bytes(header[4:8], "little")
        name = header[:4] + header[8:12] if header[:4] == b"LIST" else header[:4]
        found.append(name)
        end = offset + 8 + size + (size & 1)
        if end > length:
            return found if name in (b"data", b"LISTmovi") or end - 1 == length else None
        offset = end
    return None


# AMR storage format: a frame's header byte gives its type; its length follows from the type.
_AMR_NB_SIZES = {0: 12, 1: 13, 2: 15, 3: 17, 4: 19, 5: 20, 6: 26, 7: 31, 8: 5, 15: 0}
_AMR_WB_SIZES = {0: 17, 1: 23, 2: 32, 3: 36, 4: 40, 5: 46, 6: 50, 7: 58, 8: 60, 9: 5, 14: 0, 15: 0}
_AMR_FRAMES_CHECKED = 256


def _amr_frames(file: Any, start: int, sizes: dict[int, int]) -> bool:
    """AMR: after the magic, frames whose header bytes are valid, one after the other (up to
    the first few hundred), at least one of them whole; the last one may be cut short by the
    end of the recording."""
    file.seek(start)
    data = file.read(_AMR_FRAMES_CHECKED * 61)
    offset = frames = whole = 0
    while offset < len(data) and frames < _AMR_FRAMES_CHECKED:
        header = data[offset]
        frame_type = (header >> 3) & 0x0F
        if header & 0x83 or frame_type not in sizes:
            return False
        offset += 1 + sizes[frame_type]
        frames += 1
        whole += offset <= len(data)
    return whole > 0


def _ebml_vint(data: bytes, offset: int) -> tuple[int, int] | None:
    """The value and the length of the EBML variable-size integer at ``offset``."""
    if offset >= len(data) or data[offset] == 0:
        return None
    first = data[offset]
    width = 8 - first.bit_length() + 1
    if offset + width > len(data):
        return None
    value = first & (0xFF >> width)
    for b in data[offset + 1 : offset + width]:
        value = (value << 8) | b
    return value, width


def _matroska_kind(file: Any, head: bytes) -> tuple[str, str, str] | None:
    """WebM and Matroska: the EBML header names the document type, and a Segment follows it."""
    file.seek(0)
    start = file.read(4096)
    header = _ebml_vint(start, 4)
    if header is None:
        return None
    size, width = header
    segment = 4 + width + size
    if start[segment : segment + 4] != b"\x18\x53\x80\x67":
        return None
    head = start[:segment]
    marker = head.find(b"\x42\x82")
    if marker < 0:
        return None
    length = head[marker + 2] & 0x7F if marker + 2 < len(head) else 0
    doctype = head[marker + 3 : marker + 3 + length]
    if doctype == b"webm":
        return _media(".webm")
    if doctype == b"matroska":
        return _media(".mkv")
    return None


# MPEG audio layer III: bit rates (kbit/s) and sampling rates by version.
_MP3_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_frame_length(header: bytes) -> int | None:
    """The length of the MPEG layer III frame starting with ``header``, or None."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 0x03  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
    layer = (header[1] >> 1) & 0x03  # 1: layer III
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 0x03
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _MP3_BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
    rate = _MP3_RATES[version][rate_index]
    padding = (header[2] >> 1) & 0x01
    return (144 if version == 3 else 72) * bitrate // rate + padding


def _mp3_kind(file: Any, head: bytes) -> tuple[str, str, str] | None:
    """MP3: an optional ID3v2 tag, then two MPEG layer III frames one after the other."""
    start = 0
    if head.startswith(b"ID3"):
        if len(head) < 10 or head[3] not in (2, 3, 4) or any(b & 0x80 for b in head[6:10]):
            return None
        size = 0  # a "syncsafe" integer: 7 bits a byte
        for b in head[6:10]:
            size = (size << 7) | b
        start = 10 + size + (10 if head[5] & 0x10 else 0)
    file.seek(start)
    window = file.read(4096)
    # Encoders may pad the tag; the first frame comes within the first kilobytes after it.
    offset = 0
    while offset < min(len(window), 2048) and window[offset] == 0:
        offset += 1
    length = _mp3_frame_length(window[offset : offset + 4])
    if length is None or length < 24:
        return None
    file.seek(start + offset + length)
    if _mp3_frame_length(file.read(4)) is None:
        return None
    return _media(".mp3")
