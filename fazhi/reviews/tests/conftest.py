import pytest

from fazhi.legal_services.testing import build_legal


@pytest.fixture
def legal(world):
    return build_legal(world)
