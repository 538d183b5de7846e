"""Chinese back office, English available: the language switch, the English pages, and a
complete, compiled English catalogue."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from fazhi.audit.models import Action, AuditEntry
from fazhi.org import services
from fazhi.org.models import LeadingGroupMember

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
SETLANG = "/i18n/setlang/"


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    # The test client activates the request's language in this thread; later tests that call
    # services directly expect the default (Chinese) messages.
    yield
    translation.deactivate()


def switch(client: Client, language: str, next_url: str) -> None:
    response = client.post(SETLANG, {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def nav_label(html: str, url: str) -> str:
    """The text of the sidebar link to ``url``."""
    match = re.search(
        rf'<nav class="sidebar".*?<a href="{re.escape(url)}"[^>]*>([^<]+)</a>', html, re.S
    )
    assert match, url
    return match.group(1)


def h1(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match
    return match.group(1).strip()


def test_every_page_offers_both_languages_as_a_posted_form(world):
    """A form per page, POSTed with its CSRF token to set_language, back to the same page."""
    pages = [
        (world.client(world.clerk_a), "/office/org/grid/?q=01"),
        (Client(), "/accounts/login/"),
        (Client(), "/s/street-a/"),
    ]
    for client, url in pages:
        html = client.get(url).content.decode()
        form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', html, re.S)
        assert form, url
        form_html = form.group(0)
        assert 'name="csrfmiddlewaretoken"' in form_html
        assert f'name="next" value="{url}"' in form_html
        assert re.findall(r'<button type="submit" name="language" value="([^"]+)"', form_html) == [
            "zh-hans",
            "en",
        ]
        assert ">简体中文</button>" in form_html and ">English</button>" in form_html
        assert "<script" not in html  # the content security policy allows no inline script


def test_the_back_office_in_english_and_back_in_chinese(world):
    client = world.client(world.clerk_a)
    home = client.get("/office/").content.decode()
    assert h1(home) == "工作台" and nav_label(home, "/office/org/grid/") == "网格"

    switch(client, "en", "/office/")
    home = client.get("/office/").content.decode()
    assert '<html lang="en">' in home
    assert h1(home) == "Dashboard"
    assert nav_label(home, "/office/org/grid/") == "Grids"
    assert nav_label(home, "/office/org/village/") == "Villages and communities"
    # The chapters are built and their items link, the annual report's drafting too.
    assert nav_label(home, "/office/reports/annual/") == "Annual report drafting"
    assert "<small>Not yet available</small>" not in home
    assert nav_label(home, "/office/enforcement/cases/") == "Enforcement cases"
    assert nav_label(home, "/office/enforcement/patrol/") == "Patrol records"
    assert "Enforcement cases<small>" not in home
    assert "Grids (count)" in home  # a statistic of the front page, with its unit

    grids = client.get("/office/org/grid/").content.decode()
    assert h1(grids) == "Grids"  # the model's plural name
    assert ">Add grid</a>" in grids  # and its singular name
    assert "<th>Grid code</th>" in grids and "<th>Date delimited</th>" in grids
    assert "Total: 2" in grids
    assert "2019-01-01" in grids and "2019年1月1日" not in grids
    assert ">Dissolved / left</option>" in grids
    assert "尚未开放" not in grids and "网格编号" not in grids

    switch(client, "zh-hans", "/office/org/grid/")
    grids = client.get("/office/org/grid/").content.decode()
    assert '<html lang="zh-hans">' in grids
    assert h1(grids) == "网格" and nav_label(grids, "/office/org/grid/") == "网格"
    assert "<th>网格编号</th>" in grids and "共 2 条" in grids and "2019年1月1日" in grids
    assert "Grids" not in grids and "Not yet available" not in grids


def test_the_portal_in_english(world):
    resident = Client()
    switch(resident, "en", "/s/street-a/")
    page = resident.get("/s/street-a/").content.decode()
    assert '<h2 id="contact-title">Contact us</h2>' in page
    assert "Villages and communities (1)" in page
    # Every section is open: the annual reports were the last.
    assert '<a class="portal-section-title" href="/s/street-a/reports/">Annual report</a>' in page
    assert "Not yet available" not in page
    assert "Enforcement publicity" in page and ">Staff login</a>" in page
    assert "尚未开放" not in page and "联系我们" not in page

    switch(resident, "zh-hans", "/s/street-a/")
    page = resident.get("/s/street-a/").content.decode()
    assert '<a class="portal-section-title" href="/s/street-a/reports/">年度报告</a>' in page
    assert "联系我们" in page
    assert "Not yet available" not in page


def test_messages_and_refusals_in_english(world):
    client = world.client(world.clerk_a)
    switch(client, "en", "/office/")
    response = client.post(
        "/office/org/village/new/",
        {"name": "新港社区", "kind": "community", "established_on": "2020-03-01", "sort_order": 1},
        follow=True,
    )
    assert "Added village/community “新港社区”." in response.content.decode()

    bad = client.post("/office/org/village/new/", {"name": "", "established_on": "2020-13-45"})
    assert bad.status_code == 400
    assert "The form has errors and was not saved." in bad.content.decode()

    # Error pages show our reasons in English (and still hide Django's own).
    other_street = world.client(world.clerk_b)
    switch(other_street, "en", "/office/")
    missing = other_street.get(f"/office/org/grid/{world.a.grid.pk}/")
    assert missing.status_code == 404
    assert "Grid not found, or outside your area of responsibility." in missing.content.decode()
    staff = world.client(world.staff_a)
    switch(staff, "en", "/office/")
    refused = staff.get("/office/org/village/new/")
    assert refused.status_code == 403
    assert (
        "You do not have permission to add village/community records." in refused.content.decode()
    )


def test_the_audit_log_is_written_in_chinese_whatever_the_users_language(world):
    group = services.leading_group_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="甲街领导小组",
        established_on=date(2020, 1, 1),
    )
    client = world.client(world.clerk_a)
    switch(client, "en", "/office/")
    response = client.post(
        "/office/org/leadinggroupmember/new/",
        {
            "group": group.pk,
            "user": world.leader.pk,
            "position": "leader",
            "appointed_on": "2020-01-02",
        },
        follow=True,
    )
    member = LeadingGroupMember.objects.get(group=group)
    assert "Added leading group member “Leader 甲街书记”." in response.content.decode()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(member.pk))
    assert entry.object_repr == "组长 甲街书记"

    client.get("/office/org/leadinggroupmember/?position=leader&format=xlsx")
    export = AuditEntry.objects.order_by("-seq").first()
    assert export.action == Action.EXPORT
    assert export.object_repr == "导出领导小组成员"
    assert export.changes["filters"] == {"小组职务": "组长"}


# --- The catalogue --------------------------------------------------------------------------


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a .po file (header included): context, msgid, msgstr, fuzzy."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, field = {}, ""
        elif line.startswith("#,"):
            current["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] = str(current[field]) + _unquote(line)
        else:
            field, _, value = line.partition(" ")
            current[field] = _unquote(value)
    return entries


def test_the_english_catalogue_is_complete():
    entries = read_po(CATALOGUE / "django.po")
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "Language: en" in str(header["msgstr"])
    assert len(messages) > 400
    untranslated = [e["msgid"] for e in messages if not str(e.get("msgstr", "")).strip()]
    fuzzy = [e["msgid"] for e in [header, *messages] if e.get("fuzzy")]
    assert untranslated == [] and fuzzy == []
    assert not [e["msgid"] for e in messages if "msgid_plural" in e]  # no plural forms to miss
    # Format fields survive translation, so "%(name)s" never raises at run time.
    for e in messages:
        fields = set(re.findall(r"%\(\w+\)s", str(e["msgid"])))
        assert set(re.findall(r"%\(\w+\)s", str(e["msgstr"]))) == fields, e["msgid"]


def test_the_compiled_catalogue_matches_the_po_file():
    """A stale .mo (an entry added or changed in the .po but not compiled) fails here."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for e in read_po(CATALOGUE / "django.po")[1:]:
        msgid, msgstr = str(e["msgid"]), str(e["msgstr"])
        if "msgctxt" in e:
            found = compiled.pgettext(str(e["msgctxt"]), msgid)
        else:
            found = compiled.gettext(msgid)
        if found != msgstr:
            stale.append(msgid)
    assert stale == []


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(world):
    client = world.client(world.clerk_a)
    page = client.get("/office/org/grid/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "网格" in page.content.decode() and "Grids" not in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/office/org/grid/"})
    assert "Grids" in client.get("/office/org/grid/").content.decode()
