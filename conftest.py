import os

os.environ.setdefault("FAZHI_ENV", "test")

import pytest


@pytest.fixture
def world(db):
    from fazhi.testing import build_world

    return build_world()


@pytest.fixture
def anon():
    from django.test import Client

    return Client()
