"""The public portal's sections, registered by the apps that serve them.

An app adds its public pages to the portal's navigation from its ``AppConfig.ready``::

    from fazhi.portal.registry import public_sections

    public_sections.register(
        "enforcement", label="执法公示", order=10, url_name="enforcement_public:list"
    )

``url_name`` names a URL pattern that takes the street's ``slug``. A section registered without
one is announced but not open yet: it is never a link nor an entry of the navigation; the street's
page names the announced sections once, in a muted line (“尚未开放：A、B”). An open
registration of a key replaces an announced one whatever the order the apps load in, so the
portal can announce the chapters later apps will fill without a central list to keep in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from fazhi.org.models import Street

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class PublicSection:
    """One entry of the portal's navigation."""

    key: str
    label: Any
    order: int
    url_name: str | None = None
    description: Any = ""

    @property
    def available(self) -> bool:
        return self.url_name is not None

    def url_for(self, street: Street) -> str | None:
        if self.url_name is None:
            return None
        return reverse(self.url_name, kwargs={"slug": street.slug})


@dataclass(frozen=True)
class NavEntry:
    """A section as one street's page shows it."""

    key: str
    label: Any
    description: Any
    url: str | None

    @property
    def available(self) -> bool:
        return self.url is not None


class StreetSections(list[NavEntry]):
    """A street's sections in navigation order; ``announced`` the labels of those not open yet."""

    @property
    def announced(self) -> list[Any]:
        return [entry.label for entry in self if not entry.available]


class PublicSectionRegistry:
    """The sections in navigation order; see the module docstring."""

    def __init__(self) -> None:
        self._sections: dict[str, PublicSection] = {}

    def register(
        self,
        key: str,
        *,
        label: Any,
        order: int,
        url_name: str | None = None,
        description: Any = "",
    ) -> PublicSection:
        """Add ``key``; an open entry replaces an announced one, never the other way round."""
        if not _KEY.match(key):
            raise ValueError(f"public section key {key!r} is not lower_snake_case")
        section = PublicSection(
            key=key, label=label, order=order, url_name=url_name, description=description
        )
        existing = self._sections.get(key)
        if existing is not None and existing.available:
            if section.available and section.url_name != existing.url_name:
                raise ValueError(
                    f"public section {key!r} is already served by {existing.url_name!r}"
                )
            return existing
        self._sections[key] = section
        return section

    def all(self) -> list[PublicSection]:
        return sorted(self._sections.values(), key=lambda s: (s.order, s.key))

    def for_street(self, street: Street) -> StreetSections:
        """The sections of ``street``'s pages: every one, open ones with their link."""
        return StreetSections(
            NavEntry(key=s.key, label=s.label, description=s.description, url=s.url_for(street))
            for s in self.all()
        )


public_sections = PublicSectionRegistry()
