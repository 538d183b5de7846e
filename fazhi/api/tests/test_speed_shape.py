"""The API's lists keep their shape as they grow, and the API is built only where it is served.

* A list answers with as many queries for 50 records as for 10 (no query per record).
* A list's records read by the shortcut in ``resources.RowWriter`` are exactly what ninja's
  own validation of the answer schema gives (same fields, values and order).
* ``fazhi migrate`` and ``fazhi check`` do not build the API (some two thousand pydantic
  models); the first request under /api/ does.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from ninja.responses import NinjaJSONEncoder

from fazhi.api.resources import Resource
from fazhi.api.tokens import token_create
from fazhi.core.filters import Filter, FilterSet
from fazhi.org.models import User

pytestmark = pytest.mark.django_db


def list_resources() -> dict[str, Resource]:
    """Every list operation of the API (its path under /api/) and the resource behind it."""
    from fazhi.api.api import api

    found: dict[str, Resource] = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not (operation.operation_id or "").endswith("_list"):
                    continue
                resource = inspect.getclosurevars(operation.view_func).nonlocals.get("resource")
                if isinstance(resource, Resource):
                    found[f"/api{prefix}{path}"] = resource
    return found


def _office() -> User:
    return User.objects.get(username="office")


def _office_client() -> Client:
    """The demo's office clerk calling with a bearer token, as a program does."""
    office = _office()
    _token, plain = token_create(user=office, name="shape", expires_at=None, actor=office)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_every_list_answers_50_records_with_the_queries_of_10(demo):
    client = _office_client()
    grown = []
    for path in list_resources():
        counts, rows = {}, {}
        for limit in (10, 50):
            client.get(f"{path}?limit={limit}")  # the token's time of use, noted once a minute
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{path}?limit={limit}")
            assert response.status_code == 200, (path, response.content[:300])
            counts[limit] = len(queries)
            rows[limit] = len(response.json()["results"])
        assert counts[10] == counts[50], (
            f"{path}: {counts[10]} queries for {rows[10]} records, {counts[50]} for {rows[50]}"
        )
        if rows[50] > rows[10]:
            grown.append(path)
    # The demo fills most lists past one page of 10: the comparison is not between empty pages.
    assert "/api/enforcement-cases/" in grown
    assert len(grown) >= 15, grown


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=NinjaJSONEncoder, ensure_ascii=False))


def test_every_list_answers_what_ninja_validation_of_its_schema_gives(demo):
    office = _office()
    checked = 0
    for path, resource in list_resources().items():
        request = RequestFactory().get(path, {"limit": 50})
        request.user = office
        context = {"request": request, "response_status": 200}
        page = resource.list_rows(request, {}, None, 50)
        expected = resource.schemas["page"].model_validate(page, context=context).model_dump()

        answer = resource.list_answer(request, {}, None, 50)

        assert _as_json(answer) == _as_json(expected), path
        assert list(answer["results"][0]) == list(resource.schemas["out"].model_fields), path
        checked += len(answer["results"])
    assert checked > 500


def test_a_list_without_filter_parameters_selects_what_its_filter_form_selects(demo):
    office = _office()
    compared = 0
    for path, resource in list_resources().items():
        if resource.filterset is None:
            continue
        qs = resource.selector(office).order_by("pk")
        shortcut = resource.filterset({}, user=office)
        chosen = list(shortcut.apply(qs).values_list("pk", flat=True))
        if type(shortcut).apply is FilterSet.apply:  # not one that reads its form itself
            assert "form" not in vars(shortcut), f"{path}: the filter form was built"

        through_form = resource.filterset({}, user=office)
        through_form._blank_is_all = False  # type: ignore[misc]
        assert list(through_form.apply(qs).values_list("pk", flat=True)) == chosen, path
        compared += bool(chosen)
    assert compared >= 15


class _OpenFilter(FilterSet):
    status = Filter(forms.ChoiceField(choices=[("", "全部"), ("filed", "已立案")]), "status")


class _ClosedFilter(_OpenFilter):
    # A checkbox left out reads as False: this filter narrows even when no parameter is given.
    archived = Filter(
        forms.BooleanField(), lambda qs, value: qs.filter(archived_on__isnull=not value)
    )


def test_a_filter_that_narrows_without_its_parameter_is_still_applied(demo):
    from fazhi.enforcement.models import Case

    office = _office()
    cases = Case.objects.for_user(office)
    assert _OpenFilter({}, user=office).apply(cases).count() == cases.count()
    not_archived = cases.filter(archived_on__isnull=True).count()
    assert 0 < not_archived < cases.count()
    assert _ClosedFilter({}, user=office).apply(cases).count() == not_archived


def test_the_error_answers_of_every_operation_share_one_model():
    from fazhi.api.api import api
    from fazhi.api.errors import ERROR_RESPONSES

    models = [
        model
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        for status, model in operation.response_models.items()
        if status in ERROR_RESPONSES
    ]
    assert len(models) > 1000
    assert len({id(model) for model in models}) == 1


_COMMAND = """
import sys
import django
from django.core.management import call_command

django.setup()
call_command(*sys.argv[1:])
assert "fazhi.api.api" not in sys.modules, "the command built the API"
from django.urls import resolve
assert "fazhi.api.api" not in sys.modules, "loading the URLs built the API"
resolve("/api/tokens/")
assert "fazhi.api.api" not in sys.modules, "the token page built the API"
resolve("/api/enforcement-cases/")
assert "fazhi.api.api" in sys.modules, "an API address was resolved without the API"
print("lazy")
"""


@pytest.mark.parametrize("command", [["check"], ["migrate", "-v0"]])
def test_commands_that_serve_no_api_do_not_build_it(command, tmp_path):
    env = dict(os.environ, FAZHI_ENV="test", FAZHI_DATA_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    env.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    result = subprocess.run(
        [sys.executable, "-c", _COMMAND, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("lazy")
