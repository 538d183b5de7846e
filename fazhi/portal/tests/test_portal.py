"""The public portal as an anonymous resident sees it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client

from fazhi.org import services
from fazhi.org.models import District, Street, Village
from fazhi.org.roles import Role
from fazhi.portal import views
from fazhi.portal.registry import PublicSectionRegistry, public_sections
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db

STAFF_PHONE = "13612345678"
WORKER_PHONE = "13787654321"
DEPARTMENT_PHONE = "022-66661234"


@dataclass
class OneStreet:
    street: Street
    village: Village
    community: Village
    dissolved: Village


@pytest.fixture
def one_street(db: None) -> OneStreet:
    """A street with its public information, two villages in place, one dissolved, and
    people whose names and phones must never reach the portal."""
    district = District.objects.create(name="滨海新区", city="天津市")
    street = services.street_create(
        actor=None,
        district=district,
        name="临海街",
        slug="linhai",
        address="天津市滨海新区临海路1号",
        phone="022-63219999",
        office_hours="周一至周五 8:30—17:30",
        introduction="临海街下辖三个村居。\n依法行政，服务群众。",
    )
    community = services.village_create(
        street=street,
        actor=None,
        name="望海社区",
        kind=Village.Kind.COMMUNITY,
        address="临海路20号",
        phone="022-63210001",
        established_on=date(2012, 6, 1),
        sort_order=2,
    )
    village = services.village_create(
        street=street,
        actor=None,
        name="东沽村",
        kind=Village.Kind.VILLAGE,
        established_on=date(2008, 1, 1),
        sort_order=1,
    )
    dissolved = services.village_create(
        street=street,
        actor=None,
        name="旧港村",
        kind=Village.Kind.VILLAGE,
        established_on=date(2008, 1, 1),
        dissolved_on=date(2018, 12, 31),
        sort_order=3,
    )
    department = services.department_create(
        street=street, actor=None, name="司法所", head_name="周所长", phone=DEPARTMENT_PHONE
    )
    make_user(
        "linhai_office",
        street,
        [Role.OFFICE],
        full_name="欧阳明",
        phone=STAFF_PHONE,
        department=department,
    )
    grid = services.grid_create(
        street=street,
        actor=None,
        village=village,
        code="LH-01",
        name="东沽村第一网格",
        established_on=date(2019, 1, 1),
    )
    services.grid_worker_create(
        street=street,
        actor=None,
        grid=grid,
        name="司马青",
        phone=WORKER_PHONE,
        started_on=date(2019, 5, 1),
    )
    return OneStreet(street, village, community, dissolved)


def test_home_shows_the_only_street(anon: Client, one_street: OneStreet) -> None:
    response = anon.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>临海街</h1>" in html
    assert "天津市滨海新区临海路1号" in html
    assert "022-63219999" in html
    assert "周一至周五 8:30—17:30" in html
    assert 'class="portal"' in html


def test_street_page_shows_public_information(anon: Client, one_street: OneStreet) -> None:
    response = anon.get("/s/linhai/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>临海街下辖三个村居。<br>依法行政，服务群众。</p>" in html
    assert "天津市滨海新区临海路1号" in html
    assert '<a href="tel:022-63219999">022-63219999</a>' in html
    assert "周一至周五 8:30—17:30" in html
    assert '<a href="tel:12348">12348</a>' in html
    assert "公共法律服务热线" in html
    assert "版权所有" in html


def test_street_page_lists_villages_in_place_in_order(anon: Client, one_street: OneStreet) -> None:
    html = anon.get("/s/linhai/").content.decode()
    assert "村居（2个）" in html
    assert html.index("东沽村") < html.index("望海社区")
    assert "临海路20号" in html
    assert "022-63210001" in html
    assert "旧港村" not in html


def test_portal_shows_no_staff_or_personal_information(anon: Client, one_street: OneStreet) -> None:
    html = anon.get("/s/linhai/").content.decode()
    for private in ("欧阳明", "linhai_office", STAFF_PHONE, "周所长", DEPARTMENT_PHONE, "司马青"):
        assert private not in html
    assert WORKER_PHONE not in html


def test_home_lists_streets_when_there_are_several(anon: Client, world) -> None:
    response = anon.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "请选择街道" in html
    assert '<a class="portal-street-name" href="/s/street-a/">甲街</a>' in html
    assert '<a class="portal-street-name" href="/s/street-b/">乙街</a>' in html


def test_each_street_has_its_own_page(anon: Client, world) -> None:
    html = anon.get("/s/street-b/").content.decode()
    assert "<h1>乙街</h1>" in html
    assert "乙街幸福社区" in html
    assert "甲街幸福社区" not in html


def test_home_without_any_street_says_so(anon: Client) -> None:
    response = anon.get("/")
    assert response.status_code == 200
    assert "本平台尚未录入街道信息。" in response.content.decode()


def test_unknown_street_is_a_friendly_404(anon: Client, one_street: OneStreet) -> None:
    response = anon.get("/s/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "没有找到您要访问的页面" in html
    assert 'href="/"' in html
    assert 'class="portal"' in html


def _nav(html: str) -> str:
    return html[html.index('<nav class="portal-nav"') : html.index("</nav>")]


def test_every_registered_section_is_a_link_and_none_is_announced(
    anon: Client, one_street: OneStreet
) -> None:
    html = anon.get("/s/linhai/").content.decode()
    nav = _nav(html)
    for section in public_sections.all():
        assert section.available, section.key
        label = re.escape(str(section.label))
        assert re.search(rf"<a [^>]*>\s*{label}\s*</a>", nav), section.key
    assert "尚未开放" not in html


def test_sections_not_open_yet_are_named_once_on_the_street_page_only(
    anon: Client, world, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = PublicSectionRegistry()
    registry.register("legal_faq", label="法律问答", order=30)
    registry.register("quiz", label="知识竞答", order=40)
    registry.register("enforcement", label="执法公示", order=10, url_name="portal:street")
    monkeypatch.setattr(views, "public_sections", registry)
    html = anon.get("/s/street-b/").content.decode()
    nav = _nav(html)
    assert '<li><a href="/s/street-b/">执法公示</a></li>' in nav
    # Not an entry of the navigation, nor a card of the services: one muted line after them.
    assert "法律问答" not in nav and "知识竞答" not in nav
    assert html.count("尚未开放") == 1
    assert '<p class="portal-announced">尚未开放：法律问答、知识竞答</p>' in html
    assert html.count("法律问答") == 1 and html.count("知识竞答") == 1
    services = html.index('<ul class="portal-sections">')
    services_list = html[services : html.index("</ul>", services)]
    assert "执法公示" in services_list and "法律问答" not in services_list
    # The other pages of the street leave them out altogether.
    response = anon.get("/s/street-b/enforcement/")
    assert response.status_code == 200
    other = response.content.decode()
    assert "尚未开放" not in other and "法律问答" not in _nav(other)


def test_portal_loads_nothing_from_other_hosts(anon: Client, one_street: OneStreet) -> None:
    for url in ("/", "/s/linhai/", "/s/nowhere/"):
        response = anon.get(url)
        html = response.content.decode()
        assert re.findall(r"https?://", html) == [], url
        assert "<script" not in html
        assert "style=" not in html
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp


@pytest.mark.parametrize("url", ["/", "/s/linhai/"])
def test_pages_refuse_post(anon: Client, one_street: OneStreet, url: str) -> None:
    assert anon.post(url).status_code == 405
    assert anon.head(url).status_code == 200


def test_street_page_query_count(
    anon: Client, one_street: OneStreet, django_assert_num_queries
) -> None:
    for n in range(5):
        services.village_create(
            street=one_street.street,
            actor=None,
            name=f"新建第{n}社区",
            established_on=date(2020, 1, 1),
        )
    # The street with its district, then its villages: nothing per village.
    with django_assert_num_queries(2):
        response = anon.get("/s/linhai/")
    assert "村居（7个）" in response.content.decode()
    # The front page of a one-street platform: the street list, then the villages.
    with django_assert_num_queries(2):
        assert anon.get("/").status_code == 200
