"""Types shared by the views of every app."""

from __future__ import annotations

from django.http import HttpRequest

from fazhi.org.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a staff account."""

    user: User
