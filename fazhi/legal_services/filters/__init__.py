"""Public legal services, list filters by area (registry, duty, mediation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from fazhi.core.filters import FilterSet
from fazhi.core.masking import mask_search


class PrivateFilterSet(FilterSet):
    """Filters of lists about residents and parties: what an export records of a free-text
    search or an ID number (in its audit row and in the sheet's note of the filters) is masked
    (``masked``: filter name → how to mask it), so that the log, kept longer than the records,
    does not become a second register of the people searched for."""

    masked: ClassVar[dict[str, Callable[[str], str]]] = {"q": mask_search}

    def active(self) -> dict[Any, Any]:
        result = super().active()
        for name, mask in self.masked.items():
            field = self.form.fields.get(name)
            label = (field.label if field is not None else None) or name
            if label in result:
                result[label] = mask(str(result[label]))
        return result
