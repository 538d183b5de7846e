import pytest

from fazhi.legal_services.testing import build_legal
from fazhi.org.roles import Role
from fazhi.org.services import department_create
from fazhi.testing import make_user


@pytest.fixture
def legal(world):
    return build_legal(world)


@pytest.fixture
def dept(world):
    return department_create(street=world.a.street, actor=None, name="经济发展办公室")


@pytest.fixture
def dept_staff(world, dept):
    """A member of staff of ``dept`` (部门工作人员), who acts in that department's name."""
    return make_user(
        "dept_staff", world.a.street, [Role.DEPARTMENT_STAFF], department=dept, full_name="经发办"
    )


@pytest.fixture
def dept_b(world):
    return department_create(street=world.b.street, actor=None, name="乙街经济发展办公室")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
