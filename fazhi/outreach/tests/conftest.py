import pytest

from fazhi.legal_services.testing import build_legal
from fazhi.outreach.testing import build_outreach


@pytest.fixture
def legal(world):
    return build_legal(world)


@pytest.fixture
def outreach(world, legal):
    return build_outreach(world, legal)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
