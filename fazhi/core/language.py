"""The language of stored text.

Text the product keeps — the audit log, a case's whole-process record, a decision's words,
what is published on the portal, import templates — is written in the product's language
(``settings.LANGUAGE_CODE``, Chinese), whatever the language the acting user browses in: it is
an official record, read the same by everyone later. Messages shown to the user (refusals,
form errors) stay in the user's language: wrap only the building of the stored text.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def product_language() -> translation.override:
    """A context manager (or decorator) that activates the product's language::

    with product_language():
        record = _("档案号：%(no)s") % {"no": archive_no}
    """
    return translation.override(settings.LANGUAGE_CODE)
