"""Each app's endpoints live in that app (``fazhi/<app>/api.py`` or ``fazhi/<app>/api/``), and
``fazhi/api`` keeps only what every app's API shares; no module of the API imports a module of
views (a table both need lives below both)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

FAZHI = Path(__file__).resolve().parents[2]

# What every app's API shares, and nothing else: the mounting, the record types' machinery,
# request bodies from the pages' forms, errors, authentication, tokens, the docs page, and the
# token pages with their URLs.
SHARED = {
    "__init__",
    "api",
    "apps",
    "auth",
    "bodies",
    "docs",
    "errors",
    "forms",
    "resources",
    "tokens",
    "urls",
    "views",
}
SHARED_FOLDERS = {"templates", "tests", "__pycache__"}

# The token pages and the URLconf wiring them are the view layer of the api app itself.
VIEW_LAYER = {FAZHI / "api" / "views.py", FAZHI / "api" / "urls.py"}

# A module of views: ``fazhi.<app>.views``, anything under it, or ``fazhi.<app>.views_<part>``.
VIEWS_MODULE = re.compile(r"^fazhi(\.\w+)*\.views(_\w+)?(\.\w+)*$")


def _api_modules() -> list[Path]:
    found = {
        *FAZHI.glob("api/*.py"),
        *FAZHI.glob("*/api.py"),
        *FAZHI.glob("*/api/*.py"),
    }
    return sorted(found - VIEW_LAYER)


def _module_name(path: Path) -> str:
    parts = path.relative_to(FAZHI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def views_imports(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """The modules of views that ``source`` (the text of ``module``) imports."""
    package = module if is_package else module.rpartition(".")[0]
    imported: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            imported.append(base)
            # ``from fazhi.enforcement import views`` imports the module fazhi.enforcement.views.
            imported += [f"{base}.{alias.name}" for alias in node.names]
    return sorted({name for name in imported if VIEWS_MODULE.match(name)})


@pytest.mark.parametrize(
    "source",
    [
        "from fazhi.enforcement.views.cases import STEPS",
        "from fazhi.enforcement.views import cases",
        "from fazhi.enforcement import views",
        "import fazhi.reports.views_editor",
        "from fazhi.core.views_calendar import feed",
        "from fazhi.core import views_dashboard",
        "from ..views.evidence import serve_evidence",
        "if True:\n    from fazhi.org.views import x",
    ],
)
def test_an_import_of_views_is_recognised(source):
    assert views_imports(source, "fazhi.enforcement.api.cases")


@pytest.mark.parametrize(
    "source",
    [
        "from fazhi.enforcement.steps import STEPS",
        "from fazhi.enforcement.files import serve_evidence",
        "from fazhi.reviews import forms as review_forms",
        "from django.views.decorators.http import require_GET",
        "from fazhi.api import viewset_helpers",
        "from .cases import RESOURCES",
    ],
)
def test_an_import_of_no_views_is_not_taken_for_one(source):
    assert views_imports(source, "fazhi.enforcement.api.cases") == []


def test_no_module_of_the_api_imports_a_module_of_views():
    modules = _api_modules()
    assert FAZHI / "api" / "resources.py" in modules  # the files are found, not an empty glob
    found = {
        str(path.relative_to(FAZHI.parent)): imports
        for path in modules
        if (
            imports := views_imports(
                path.read_text(encoding="utf-8"),
                _module_name(path),
                is_package=path.name == "__init__.py",
            )
        )
    }
    assert found == {}


def test_the_shared_api_app_holds_no_apps_endpoints():
    modules = {path.stem for path in (FAZHI / "api").glob("*.py")}
    folders = {path.name for path in (FAZHI / "api").iterdir() if path.is_dir()}
    assert "resources" in modules
    assert sorted(modules - SHARED) == []
    assert sorted(folders - SHARED_FOLDERS) == []
