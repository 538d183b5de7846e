"""Word documents printed to PDF by LibreOffice, for the files the platform hands out in both
formats (the 普法展示录, the annual report).

Each conversion runs ``soffice --headless`` in a temporary folder of its own, with a LibreOffice
profile of its own in that folder: two conversions at the same time (two users, two workers)
would otherwise share one profile and the second would fail or wait on the first's lock. A
conversion that outlives its time limit is killed with the processes it started.

``--convert-to pdf`` prints a document as it was last laid out: a table of contents keeps the
entries it was saved with, without page numbers. A document with one asks for
``update_contents``: a small LibreOffice Basic macro, put in the conversion's own profile, opens
the document, updates its indexes (twice: the numbers may move the pages they count) and prints
it. Should that fail, the document is printed as it is.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF_MIME = "application/pdf"
# A booklet of a year's activities with their photos converts in well under a minute.
CONVERSION_TIMEOUT_SECONDS = 120


class PdfUnavailable(Exception):
    """No PDF could be made; the message says why, worded for the user."""


def libreoffice() -> str | None:
    """The path of LibreOffice's ``soffice`` on this server, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(
    content: bytes,
    *,
    timeout: float = CONVERSION_TIMEOUT_SECONDS,
    update_contents: bool = False,
) -> bytes:
    """The PDF that LibreOffice prints of the Word file ``content``; with ``update_contents``,
    its table of contents updated first (page numbers filled in).

    Raises PdfUnavailable when LibreOffice is not installed, takes longer than ``timeout``
    seconds or prints nothing.
    """
    program = libreoffice()
    if program is None:
        raise PdfUnavailable(
            _("服务器未安装LibreOffice，不能生成PDF文件。请下载Word文件，用WPS或Word另存为PDF。")
        )
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as folder:
        work = Path(folder)
        source, pdf = work / "document.docx", work / "document.pdf"
        source.write_bytes(content)
        profile = work / "profile"
        base = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        if update_contents and '"' not in folder:
            _run([*base, "--terminate_after_init"], work, deadline, timeout)
            _install_macro(profile)
            _run(
                [*base, f'macro:///Standard.Module1.ExportPdf("{source}","{pdf}")'],
                work,
                deadline,
                timeout,
            )
            if not pdf.is_file():
                logger.warning("LibreOffice did not update the contents; printed as saved")
        if not pdf.is_file():
            returncode, err = _run(
                [*base, "--convert-to", "pdf", "--outdir", str(work), str(source)],
                work,
                deadline,
                timeout,
            )
            if returncode != 0 or not pdf.is_file():
                logger.warning("LibreOffice printed no PDF (exit %s): %s", returncode, err[-2000:])
                raise PdfUnavailable(_("LibreOffice未能生成PDF文件，请稍后重试，或下载Word文件。"))
        return pdf.read_bytes()


def _run(command: list[str], work: Path, deadline: float, timeout: float) -> tuple[int, str]:
    """Run LibreOffice until it exits or the deadline passes; its exit code and error output."""
    # A session of its own, so that a conversion past its time is killed whole (soffice starts
    # soffice.bin, which a kill of the first process alone would leave running).
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "HOME": str(work), **_fonts()},
    )
    try:
        _out, err = process.communicate(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        logger.warning("LibreOffice took more than %s s to print a PDF; killed", timeout)
        raise PdfUnavailable(
            _("生成PDF文件超时（超过%(seconds)d秒），请稍后重试，或下载Word文件。")
            % {"seconds": timeout}
        ) from None
    return process.returncode, err.decode(errors="replace")


def _fonts() -> dict[str, str]:
    """FONTCONFIG_FILE naming ``fonts.conf`` beside this module: the official documents' font
    names (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 …) given to the free fonts a server has."""
    config = Path(__file__).with_name("fonts.conf")
    return {"FONTCONFIG_FILE": str(config)} if config.is_file() else {}


def _install_macro(profile: Path) -> None:
    """Put the macro that updates the indexes and prints the PDF in the profile's Standard
    library (macros of one's own profile run whatever the security level)."""
    library = profile / "user" / "basic" / "Standard"
    library.mkdir(parents=True, exist_ok=True)
    (library / "Module1.xba").write_text(_MACRO, encoding="utf-8")
    (library / "script.xlb").write_text(_LIBRARY, encoding="utf-8")


# On an error the macro ends LibreOffice: headless, an error dialog would wait for ever.
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub ExportPdf(source As String, target As String)
  On Error GoTo Failed
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
  For pass = 1 To 2
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next
  Next
  doc.getTextFields().refresh()
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
  Exit Sub
Failed:
  StarDesktop.terminate()
End Sub
</script:module>
"""

_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
"""


def file_response(content: bytes, mime: str, filename: str, *, inline: bool = False) -> Any:
    """A document handed to the browser under its Chinese file name (RFC 6266 ``filename*``):
    downloaded, or shown in the browser's viewer when ``inline``."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type=mime)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response
