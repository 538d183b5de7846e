"""Generic back-office pages for a record type: list (filter, page, export), detail, create,
edit, delete. An app describes an entity once with ``Crud(...)`` and includes ``.urls()``.

Reads go through the app's selector and ``for_user`` scope; writes through the app's services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.access import get_for_user, perm_name, require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.excel import export_queryset
from fazhi.core.filters import FilterSet
from fazhi.core.forms import ScopedModelForm, form_page
from fazhi.core.paging import paginate


@dataclass(frozen=True)
class Related:
    """A list of related records shown on a detail page."""

    label: Any
    rows: Callable[[Any], Any]
    fields: Sequence[str]
    url_name: str | None = None


@dataclass(frozen=True)
class Column:
    """A list column computed from the record (a flag, a count, a time slot), not a model field."""

    label: Any
    value: Callable[[Any], Any]
    link: bool = False


@dataclass
class Crud:
    model: type[models.Model]
    name: str
    namespace: str
    list_fields: Sequence[str]
    filterset: type[FilterSet]
    form_class: type[ScopedModelForm]
    selector: Callable[[Any], models.QuerySet[Any]]
    # None: the entity is written through pages of its own (the routes are not generated).
    create: Callable[..., Any] | None
    update: Callable[..., Any] | None
    delete: Callable[..., Any] | None
    detail_fields: Sequence[str] | None = None
    export_fields: Sequence[str] | None = None
    related: Sequence[Related] = field(default_factory=list)
    paginate_by: int = 50
    help_text: Any = ""
    # Computed list columns after the fields; extra (label, value) rows on the detail page; the
    # list's help worded for the user (e.g. only those who may add are told how).
    columns: Sequence[Column] = ()
    detail_rows: Callable[[HttpRequest, Any], list[tuple[Any, Any]]] | None = None
    help: Callable[[HttpRequest], Any] | None = None
    # A detail page with more than fields and related lists (a quiz's results): a template
    # extending core/crud_detail.html (its block detail_extra) and what it needs beside the
    # record.
    detail_template: str = "core/crud_detail.html"
    detail_context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None

    # --- naming --------------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def url(self, view: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{self.name}_{view}", args=args)

    def urls(self) -> list[URLPattern]:
        n, read, write = self.name, ["GET", "HEAD"], ["GET", "HEAD", "POST"]
        patterns = [
            path(f"{n}/", self._view(_list, read), name=f"{n}_list"),
            path(f"{n}/<int:pk>/", self._view(_detail, read), name=f"{n}_detail"),
            path(f"{n}/<int:pk>/delete/", self._view(_delete, write), name=f"{n}_delete"),
        ]
        if self.create is not None:
            patterns.append(path(f"{n}/new/", self._view(_create, write), name=f"{n}_create"))
        if self.update is not None:
            patterns.append(
                path(f"{n}/<int:pk>/edit/", self._view(_update, write), name=f"{n}_update")
            )
        return patterns

    def _view(
        self, func: Callable[..., HttpResponse], methods: list[str]
    ) -> Callable[..., HttpResponse]:
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            return func(self, request, **kwargs)

        view.__name__ = f"{self.name}_{func.__name__.lstrip('_')}"
        return login_required(require_http_methods(methods)(view))

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        user = request.user
        # Without a create service the entity may still have an add page of its own by the name.
        try:
            create_url: str | None = self.url("create")
        except NoReverseMatch:
            create_url = None
        return {
            "crud": self if self.help is None else replace(self, help_text=self.help(request)),
            "verbose_name": self.model._meta.verbose_name,
            "title": self.title,
            "can_add": create_url is not None and user.has_perm(perm_name(self.model, "add")),
            "can_change": self.update is not None
            and user.has_perm(perm_name(self.model, "change")),
            "can_delete": self.delete is not None
            and user.has_perm(perm_name(self.model, "delete")),
            "list_url": self.url("list"),
            "create_url": create_url,
            **extra,
        }


def _list(crud: Crud, request: HttpRequest) -> HttpResponse:
    require_perm(request.user, crud.model, "view")
    filters = crud.filterset(request.GET, user=request.user)
    qs = filters.apply(crud.selector(request.user))
    if request.GET.get("format") == "xlsx":
        return export_queryset(
            qs,
            fields=crud.export_fields or crud.list_fields,
            # Lazy: the sheet is titled in the user's language, the audit row in the product's.
            title=crud.model._meta.verbose_name_plural,
            filters=filters.active(),
            actor=request.user,
            request=request,
        )
    page = paginate(request, qs, crud.paginate_by)
    rows = [
        (
            obj,
            [
                *(display_value(obj, f) for f in crud.list_fields),
                *(c.value(obj) for c in crud.columns),
            ],
        )
        for obj in page.object_list
    ]
    headers = [
        *(field_label(crud.model, f) for f in crud.list_fields),
        *(capfirst(str(c.label)) for c in crud.columns),
    ]
    # Each value with its column's heading: on a phone a row is a card of labelled fields.
    labelled_rows = [(obj, list(zip(headers, values, strict=True))) for obj, values in rows]
    status = 400 if filters.is_bound and not filters.is_valid() else 200
    return render(
        request,
        "core/crud_list.html",
        crud._context(
            request,
            page=page,
            rows=rows,
            labelled_rows=labelled_rows,
            headers=headers,
            filters=filters,
        ),
        status=status,
    )


def _detail(crud: Crud, request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_for_user(crud.model, request.user, pk)
    names = crud.detail_fields or [
        f.name
        for f in crud.model._meta.fields
        if f.name not in {"id", "street", "created_at", "updated_at"}
    ]
    fields = [(field_label(crud.model, n), display_value(obj, n)) for n in names]
    if crud.detail_rows is not None:
        fields += crud.detail_rows(request, obj)
    related = []
    for r in crud.related:
        rows = r.rows(obj)
        model = rows.model
        # A related list obeys the same rules as its own list page: the right to view that
        # kind of record, and the user's data scope (a grid worker sees the own grid only).
        if not request.user.has_perm(perm_name(model, "view")):
            continue
        rows = rows.filter(pk__in=model.objects.for_user(request.user).values("pk"))
        related.append(
            {
                "label": r.label,
                "headers": [field_label(model, f) for f in r.fields],
                "rows": [(o, [display_value(o, f) for f in r.fields]) for o in rows],
                "url_name": r.url_name,
            }
        )
    extra = crud.detail_context(request, obj) if crud.detail_context is not None else {}
    return render(
        request,
        crud.detail_template,
        crud._context(request, object=obj, fields=fields, related=related, **extra),
    )


def _create(crud: Crud, request: HttpRequest) -> HttpResponse:
    user = request.user
    create = crud.create
    assert create is not None  # the route exists only with a create service
    require_perm(user, crud.model, "add")
    if user.street_id is None:
        messages.error(request, _("您的账号未归属任何街道，不能新增记录。"))
        return HttpResponseRedirect(crud.url("list"))
    form = crud.form_class(request.POST or None, request.FILES or None, user=user)
    return form_page(
        request,
        form,
        template="core/crud_form.html",
        context=crud._context(request, object=None),
        action=lambda data: create(data, street=user.street, actor=user),
        success=lambda obj: (
            _("已新增%(name)s“%(object)s”。")
            % {"name": crud.model._meta.verbose_name, "object": obj},
            crud.url("detail", obj.pk),
        ),
    )


def _update(crud: Crud, request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    update = crud.update
    assert update is not None  # the route exists only with an update service
    obj = get_for_user(crud.model, user, pk, write=True)
    form = crud.form_class(request.POST or None, request.FILES or None, instance=obj, user=user)
    return form_page(
        request,
        form,
        template="core/crud_form.html",
        context=crud._context(request, object=obj),
        action=lambda data: update(obj, data, actor=user),
        success=lambda _result: (
            _("已保存%(name)s“%(object)s”。")
            % {"name": crud.model._meta.verbose_name, "object": obj},
            crud.url("detail", obj.pk),
        ),
        # The form mutated ``obj`` while validating; show the stored record's name, not the input.
        on_invalid=obj.refresh_from_db,
    )


def _delete(crud: Crud, request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if crud.delete is None:
        return HttpResponse(status=405)
    obj = get_for_user(crud.model, user, pk, write=True, action="delete")
    error = None
    if request.method == "POST":
        try:
            crud.delete(obj, actor=user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("已删除%(name)s“%(object)s”。")
                % {"name": crud.model._meta.verbose_name, "object": obj},
            )
            return HttpResponseRedirect(crud.url("list"))
    return render(
        request,
        "core/crud_confirm_delete.html",
        crud._context(request, object=obj, error=error),
        status=400 if error else 200,
    )
