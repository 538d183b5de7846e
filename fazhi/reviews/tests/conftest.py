import pytest

from fazhi.legal_services.testing import build_legal
from fazhi.org.services import department_create


@pytest.fixture
def legal(world):
    return build_legal(world)


@pytest.fixture
def dept(world):
    return department_create(street=world.a.street, actor=None, name="经济发展办公室")


@pytest.fixture
def dept_b(world):
    return department_create(street=world.b.street, actor=None, name="乙街经济发展办公室")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
