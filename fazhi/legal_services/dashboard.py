"""The dashboard's charts of public legal services (``fazhi.core.dashboard``): each a breakdown
of a figure of ``statistics.py``, shown to those who may read the figures and the records
counted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.dashboard import dashboard_chart

_CONSULTATIONS = "legal_services.view_consultation"
_MEDIATIONS = "legal_services.view_mediation"

dashboard_chart(
    "consultations-by-channel",
    title=_("法律咨询渠道"),
    kind="pie",
    series=[("legal_services.consultations", "channel", _("法律咨询"))],
    perm=_CONSULTATIONS,
    order=10,
)
dashboard_chart(
    "consultations-by-topic",
    title=_("法律咨询事项"),
    kind="bar",
    series=[("legal_services.consultations", "topic", _("法律咨询"))],
    perm=_CONSULTATIONS,
    order=20,
)
dashboard_chart(
    "appointments-by-month",
    title=_("预约现场法律服务与到场（按月）"),
    kind="bar",
    series=[
        ("legal_services.appointments", "month", pgettext_lazy("plural", "预约")),
        ("legal_services.appointments_attended", "month", pgettext_lazy("statistic", "到场")),
    ],
    perm="legal_services.view_appointment",
    order=30,
)
dashboard_chart(
    "mediations-by-status",
    title=_("人民调解办理结果"),
    kind="pie",
    series=[("legal_services.mediations", "status", _("受理人民调解"))],
    perm=_MEDIATIONS,
    order=40,
)
dashboard_chart(
    "mediations-by-type",
    title=_("人民调解纠纷类型"),
    kind="bar",
    series=[("legal_services.mediations", "dispute_type", _("受理人民调解"))],
    perm=_MEDIATIONS,
    order=50,
)
