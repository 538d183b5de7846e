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


def mask_id_number(value: str) -> str:
    """An ID number as lists show it: 120101******1234 (first six, last four)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}******{value[-4:]}"


def mask_search(text: str) -> str:
    """Search words as the export's audit row keeps them: a mobile number as 138****5678, an
    ID number as 120101******0012, any other word (a name, a code) by its first character
    (张**): who searched what kind of thing stays visible, the person searched for does not."""
    words = []
    for word in (text or "").split():
        if len(word) == 18 and word[:17].isdigit():
            words.append(mask_id_number(word))
        elif len(word) >= 7 and word.isdigit():
            words.append(mask_mobile(word))
        else:
            words.append(word[0] + "*" * (len(word) - 1))
    return " ".join(words)
