"""The named people every test uses: two streets, and one person per role.

    def test_x(world):  world.clerk_a, world.clerk_b, world.grid_worker, world.reviewer,
                        world.leader, world.auditor, world.sysadmin, world.secadmin …

Built through the services, like real records.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone

from fazhi.accounts.services import LAST_ACTIVITY_KEY
from fazhi.org import services
from fazhi.org.models import District, Grid, GridWorker, Street, User, Village
from fazhi.org.roles import Role

PASSWORD = "Test@2020pass"


@dataclass
class Street_:
    street: Street
    village: Village
    grid: Grid
    other_grid: Grid
    worker: GridWorker
    other_worker: GridWorker


@dataclass
class World:
    a: Street_
    b: Street_
    clerk_a: User
    clerk_b: User
    grid_worker: User
    reviewer: User
    leader: User
    auditor: User
    sysadmin: User
    secadmin: User
    staff_a: User

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
            # as the login page does: the idle timeout's clock starts at the login
            session = client.session
            session[LAST_ACTIVITY_KEY] = time.time()
            session.save()
        return client


def make_user(username: str, street: Street | None, roles: list[str], **fields: Any) -> User:
    return services.user_create(
        actor=None,
        username=username,
        full_name=fields.pop("full_name", username),
        street=street,
        password=PASSWORD,
        roles=roles,
        must_change_password=False,
        **fields,
    )


def make_street(slug: str, name: str) -> Street_:
    district, _ = District.objects.get_or_create(name="滨海新区")
    street = services.street_create(actor=None, district=district, name=name, slug=slug)
    village = services.village_create(
        street=street, actor=None, name=f"{name}幸福社区", established_on=date(2015, 1, 1)
    )
    grid = services.grid_create(
        street=street,
        actor=None,
        village=village,
        code=f"{slug}-01",
        name="第一网格",
        established_on=date(2019, 1, 1),
    )
    other = services.grid_create(
        street=street,
        actor=None,
        village=village,
        code=f"{slug}-02",
        name="第二网格",
        established_on=date(2019, 1, 1),
    )
    prefix = "13800" if slug == "street-a" else "13900"
    worker = services.grid_worker_create(
        street=street,
        actor=None,
        grid=grid,
        name="张网格",
        phone=f"{prefix}000001",
        started_on=date(2019, 5, 1),
    )
    other_worker = services.grid_worker_create(
        street=street,
        actor=None,
        grid=other,
        name="李网格",
        phone=f"{prefix}000002",
        started_on=date(2019, 5, 1),
    )
    return Street_(street, village, grid, other, worker, other_worker)


def build_world() -> World:
    a = make_street("street-a", "甲街")
    b = make_street("street-b", "乙街")
    return World(
        a=a,
        b=b,
        clerk_a=make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室"),
        clerk_b=make_user("clerk_b", b.street, [Role.OFFICE], full_name="乙街办公室"),
        grid_worker=make_user(
            "grid_worker", a.street, [Role.GRID_WORKER], grid=a.grid, full_name="张网格"
        ),
        reviewer=make_user(
            "reviewer", a.street, [Role.LEGAL_REVIEWER], legal_qualification="A20190001"
        ),
        leader=make_user("leader", a.street, [Role.PRINCIPAL_LEADER], full_name="甲街书记"),
        auditor=make_user("auditor", a.street, [Role.AUDITOR]),
        sysadmin=make_user("sysadmin", a.street, [Role.SYSTEM_ADMIN]),
        secadmin=make_user("secadmin", a.street, [Role.SECURITY_ADMIN]),
        staff_a=make_user("staff_a", a.street, [Role.DEPARTMENT_STAFF]),
    )


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_pdf(docx: bytes, tmp_path: Path) -> bytes:
    """The PDF LibreOffice prints of the Word file ``docx`` (tests skip without LibreOffice)."""
    source = tmp_path / "document.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "document.pdf").read_bytes()


def figures(*, start: str, end: str, street: str = "haibin") -> dict[str, float]:
    """Every figure of ``street`` from ``start`` to ``end`` (ISO dates) as `fazhi stats
    --json` prints it."""
    from django.core.management import call_command

    out = StringIO()
    call_command("stats", "--street", street, "--from", start, "--to", end, "--json", stdout=out)
    return json.loads(out.getvalue())


def this_years_figures(street: str = "haibin") -> dict[str, float]:
    """``figures`` from the first of January to today."""
    today = timezone.localdate()
    return figures(start=f"{today.year}-01-01", end=today.isoformat(), street=street)
