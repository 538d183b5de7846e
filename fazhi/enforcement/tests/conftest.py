import pytest

from fazhi.enforcement.testing import build_enf


@pytest.fixture
def enf(world):
    return build_enf(world)
