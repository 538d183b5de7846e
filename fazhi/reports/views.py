from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core import stats
from fazhi.core.excel import export_rows
from fazhi.reports.forms import PeriodForm


@login_required
@permission_required("org.view_statistics", raise_exception=True)
@require_http_methods(["GET", "HEAD"])
def statistics(request: HttpRequest) -> HttpResponse:
    """Every registered figure for the user's street and a chosen period."""
    street = request.user.street
    data = request.GET if "start" in request.GET else PeriodForm.initial_for(timezone.localdate())
    form = PeriodForm(data)
    rows = []
    status = 200
    if street is None:
        form.add_error(None, _("您的账号未归属任何街道。"))
        status = 400
    elif form.is_valid():
        period = form.period()
        values = stats.compute(street, period)
        rows = [
            {
                "key": s.key,
                "label": s.label,
                "unit": s.unit,
                "description": s.description,
                "value": values[s.key],
            }
            for s in stats.registered()
        ]
        if request.GET.get("format") == "xlsx":
            return export_rows(
                object_type="reports.statistics",
                title=gettext_lazy("统计指标"),
                headers=[_("指标"), _("数值"), _("单位"), _("键名"), _("口径说明")],
                rows=[
                    [str(r["label"]), r["value"], str(r["unit"]), r["key"], str(r["description"])]
                    for r in rows
                ],
                count=len(rows),
                filters={
                    gettext_lazy("街道"): street.name,
                    form.fields["start"].label: str(period.start),
                    form.fields["end"].label: str(period.end),
                },
                actor=request.user,
                filename=_("统计指标-%(start)s-%(end)s.xlsx")
                % {"start": f"{period.start:%Y%m%d}", "end": f"{period.end:%Y%m%d}"},
            )
    else:
        status = 400
    return render(
        request,
        "reports/statistics.html",
        {"form": form, "rows": rows, "street": street},
        status=status,
    )
