"""What the public may read of a case (执法决定公示): the case's texts through the one masking
rule (``fazhi.core.masking``), given what the case records of natural persons.

``mask_public_text(text, case)`` is applied when a publication is written and again when the
public page shows it; ``mask_case_text`` also gives the finds, for the publishing page's
preview. What the case records (the party, the representative, the third parties, the
party's ID number, phone and address) is found however it is written; an organisation's own
code and address stay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.core.masking import MaskedText, Recorded, mask_name, mask_text, split_names

if TYPE_CHECKING:
    from fazhi.enforcement.models import Case


def recorded(case: Case | None) -> Recorded | None:
    """What ``case`` records of natural persons, as the masking rule takes it."""
    if case is None:
        return None
    individual = case.party_kind == "individual"
    number = (case.party_id_number or "").strip()
    people = [case.party_name if individual else "", case.party_representative or ""]
    people.extend(split_names(case.third_parties))
    return Recorded(
        # One character is no name to look for (and would erase every 张 of the text).
        people=tuple(n.strip() for n in people if len(n.strip()) >= 2),
        numbers=(number,) if number and (individual or number.upper().startswith("92")) else (),
        phones=(case.party_phone,) if case.party_phone else (),
        addresses=(case.party_address,) if case.party_address and individual else (),
    )


def mask_case_text(text: str, case: Case | None = None) -> MaskedText:
    """``text`` masked as published, with the finds (the uncertain ones for the publisher)."""
    return mask_text(text, recorded(case))


def mask_public_text(text: str, case: Case | None = None) -> str:
    """``text`` as the public may read it."""
    return mask_case_text(text, case).text


def public_party(case: Case) -> str:
    """执法对象 as published: a natural person as surname + 某, an organisation by its name
    (with any person's name or code inside it masked)."""
    if case.party_kind == "individual":
        return mask_name(case.party_name) or "—"
    return mask_public_text(case.party_name, case) or "—"
