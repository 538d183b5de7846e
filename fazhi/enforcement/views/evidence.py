"""Evidence pages (全过程记录): attach a file to a case, correct one, and the permission-checked
file view. There is no edit or delete page: evidence is never replaced or deleted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.access import get_for_user, require_perm
from fazhi.core.forms import form_page
from fazhi.core.types import AuthedRequest
from fazhi.enforcement.files import serve_evidence
from fazhi.enforcement.forms.evidence import EvidenceCorrectForm, EvidenceForm
from fazhi.enforcement.models import Case, Evidence
from fazhi.enforcement.selectors.review import case_evidence
from fazhi.enforcement.services.evidence import evidence_attach, evidence_correct

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]
FORM_TEMPLATE = "enforcement/legalreview_form.html"


def case_url(case: Case) -> str:
    """The case's page (the cases area's), or the review list while it does not exist yet."""
    try:
        return reverse("enforcement:case_detail", args=[case.pk])
    except Exception:  # NoReverseMatch while the cases pages are not wired
        return reverse("enforcement:evidence_upload", args=[case.pk])


@login_required
@require_http_methods(WRITE)
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_for_user(Case, user, pk)
    require_perm(user, Evidence, "add")
    form = EvidenceForm(request.POST or None, request.FILES or None, case=case)
    here = reverse("enforcement:evidence_upload", args=[case.pk])
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context={
            "heading": _("上传证据：%(number)s") % {"number": case.number},
            "intro": _(
                "证据按文件内容识别格式，上传时计算SHA-256指纹；一经上传不得替换或删除，"
                "如有错误请上传更正证据并说明理由。"
            ),
            "case": case,
            "evidence": list(case_evidence(case)),
            "can_add_evidence": True,
            "back_url": case_url(case),
            "submit_label": _("上传"),
            "multipart": True,
        },
        action=lambda data: evidence_attach(actor=user, case=case, **data),
        success=lambda evidence: (
            _("已上传证据“%(description)s”，SHA-256：%(sha)s。")
            % {"description": evidence.description, "sha": evidence.sha256},
            here,
        ),
    )


@login_required
@require_http_methods(WRITE)
def evidence_correct_view(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    evidence = get_for_user(Evidence, user, pk)
    require_perm(user, Evidence, "add")
    case = evidence.case
    form = EvidenceCorrectForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context={
            "heading": _("更正证据：%(description)s") % {"description": evidence.description},
            "intro": _(
                "更正证据是一份新文件，原证据保留不变；两份文件的指纹都会显示在案件的证据清单中。"
            ),
            "case": case,
            "corrected": evidence,
            "back_url": reverse("enforcement:evidence_upload", args=[case.pk]),
            "submit_label": _("上传更正证据"),
            "multipart": True,
        },
        action=lambda data: evidence_correct(actor=user, evidence=evidence, **data),
        success=lambda new: (
            _("已上传更正证据，SHA-256：%(sha)s；原证据保留。") % {"sha": new.sha256},
            reverse("enforcement:evidence_upload", args=[case.pk]),
        ),
    )


@login_required
@require_http_methods(READ)
def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = get_for_user(Evidence, request.user, pk)
    return serve_evidence(evidence)


urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/evidence/new/", evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/correct/", evidence_correct_view, name="evidence_correct"),
    path("evidence/<int:pk>/file/", evidence_file, name="evidence_file"),
]
