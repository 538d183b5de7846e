"""How a resident's name and mobile number appear outside the back office (public pages,
the audit log): enough for the resident to recognise the booking, not enough to identify them."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """张三丰 → 张某: the surname (the first character) and 某."""
    name = (name or "").strip()
    if not name:
        return ""
    # Chinese names in any interface language: the mark is the same.
    return name[0] + "某"


def mask_mobile(mobile: str) -> str:
    """13800000001 → 138****0001."""
    mobile = (mobile or "").strip()
    if len(mobile) < 8:
        return "****"
    return f"{mobile[:3]}****{mobile[-4:]}"
