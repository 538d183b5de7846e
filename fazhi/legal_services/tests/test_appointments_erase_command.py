"""fazhi appointments_erase speaks through the translation catalogue like the product's pages,
and says plainly what is wrong with a bad date."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.legal_services.management.commands import appointments_erase as command

pytestmark = pytest.mark.django_db


def test_its_messages_go_through_gettext(monkeypatch):
    monkeypatch.setattr(command, "_", lambda text: f"«{text}»")
    out = StringIO()
    call_command("appointments_erase", "--today", "2021-06-20", stdout=out)
    assert out.getvalue().strip() == "«已清除0个预约的个人信息。»"
    assert command.Command().help.startswith("«清除值班日期已过365日的预约")


def test_a_bad_date_is_refused_with_the_expected_form():
    with pytest.raises(CommandError, match="日期格式应为 年-月-日，例如 2021-06-01：2021-13-01"):
        call_command("appointments_erase", "--today", "2021-13-01")
