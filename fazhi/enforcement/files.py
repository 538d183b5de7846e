"""A case's evidence file as the browser receives it, for the evidence page and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from fazhi.enforcement.models import Evidence

# Shown in the browser; anything else is downloaded.
INLINE_TYPES = ("image/", "audio/", "video/")


def serve_evidence(evidence: Evidence) -> FileResponse:
    """The stored file: photos, audio and video shown in the browser, other files downloaded;
    never cached, never sniffed by the browser."""
    if not evidence.file:
        raise Http404(_("没有上传文件。"))
    extension = evidence.file.name.rsplit(".", 1)[-1] if "." in evidence.file.name else ""
    inline = evidence.content_type.startswith(INLINE_TYPES)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=f"{evidence.case.number}-{evidence.pk}.{extension}".rstrip("."),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
