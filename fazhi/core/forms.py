from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from fazhi.core.models import CalendarDay, CalendarYear


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ScopedModelForm(forms.ModelForm):
    """A model form whose choices of related records stop at the user's data scope."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(field, forms.ModelChoiceField) and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(user)  # type: ignore[union-attr]
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names, or on the form."""
        add_service_error(self, error)


def add_service_error(
    form: forms.BaseForm, error: ValidationError, default_field: str | None = None
) -> None:
    """Put a service's ValidationError on the fields of ``form`` it names.

    Errors without a field, or naming a field the form does not have, go on
    ``default_field``, or on the form as a whole when that is None.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    template: str,
    context: dict[str, Any],
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], tuple[str, str]],
    error_field: str | None = None,
    on_invalid: Callable[[], None] | None = None,
) -> HttpResponse:
    """The life of a form page: GET shows ``form``; a valid POST runs ``action`` (a service
    call) and redirects with the message and address ``success`` makes of its result; bad
    input or a service's refusal shows the form again with its errors and status 400."""
    if request.method == "POST":
        if form.is_valid():
            try:
                result = action(form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc, error_field)
            else:
                message, url = success(result)
                messages.success(request, message)
                return HttpResponseRedirect(url)
        if on_invalid is not None:
            on_invalid()
        return render(request, template, {"form": form, **context}, status=400)
    return render(request, template, {"form": form, **context})


# --- The working-day calendar ----------------------------------------------------------------


class CalendarDayForm(ScopedModelForm):
    """Enter a date; an entry's date is fixed once saved (remove it and enter another)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["day"]

    class Meta:
        model = CalendarDay
        fields = ["day", "kind", "name", "note"]


class CalendarYearForm(ScopedModelForm):
    """Declare a year complete; a declaration's year is fixed once saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]

    class Meta:
        model = CalendarYear
        fields = ["year", "source"]
