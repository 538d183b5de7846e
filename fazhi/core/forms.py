from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


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
            if queryset is not None and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(user)
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
