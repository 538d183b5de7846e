"""The steps of a case's workflow, each with its form, its service and its words: the case
page offers one small form page per step, and the API one operation per step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from fazhi.enforcement.forms import cases as case_forms
from fazhi.enforcement.models import Case
from fazhi.enforcement.services import cases as services


@dataclass(frozen=True)
class Step:
    """One step: its form, its service, and its words (heading, confirmation, guidance, button)."""

    form: type[forms.Form]
    service: Callable[..., Case]
    heading: Any
    done: Any
    intro: Any = ""
    submit: Any = ""


STEPS: dict[str, Step] = {
    "officers": Step(
        case_forms.OfficersForm,
        services.case_set_officers,
        gettext_lazy("变更承办人员"),
        gettext_lazy("已变更承办执法人员。"),
    ),
    "stop": Step(
        case_forms.StopForm,
        services.case_stop,
        gettext_lazy("制止"),
        gettext_lazy("已登记制止。"),
        gettext_lazy("登记当场制止违法行为的时间和措施。"),
    ),
    "file": Step(
        case_forms.FileForm,
        services.case_file,
        gettext_lazy("立案"),
        gettext_lazy("已立案，决定期限自立案之日起九十日。"),
        gettext_lazy("立案须有至少两名持有执法证件的承办执法人员；立案日期不能早于发现日期。"),
    ),
    "investigate": Step(
        case_forms.InvestigateForm,
        services.case_investigate,
        gettext_lazy("调查取证"),
        gettext_lazy("已登记调查取证记录。"),
    ),
    "notify": Step(
        case_forms.NotifyForm,
        services.case_notify,
        gettext_lazy("告知"),
        gettext_lazy("已登记告知。"),
        gettext_lazy(
            "作出行政处罚决定前，告知当事人拟作出处罚的内容及事实、理由、依据，"
            "以及陈述、申辩和要求听证的权利（行政处罚法第四十四条、第六十三条）。"
        ),
    ),
    "statement": Step(
        case_forms.StatementForm,
        services.case_record_statement,
        gettext_lazy("陈述申辩"),
        gettext_lazy("已登记当事人的陈述、申辩。"),
    ),
    "hearing": Step(
        case_forms.HearingForm,
        services.case_record_hearing,
        gettext_lazy("听证"),
        gettext_lazy("已登记听证情况。"),
        gettext_lazy(
            "当事人在告知后五日内申请听证；应当在举行听证的七日前通知当事人。"
            "可分次登记申请、通知和举行听证。"
        ),
    ),
    "decide": Step(
        case_forms.DecideForm,
        services.case_decide,
        gettext_lazy("作出决定"),
        gettext_lazy("已作出决定。"),
        gettext_lazy("重大执法决定须经法制审核通过；决定须有至少两名持有执法证件的执法人员。"),
        gettext_lazy("作出决定"),
    ),
    "on_the_spot": Step(
        case_forms.OnTheSpotForm,
        services.case_decide_on_the_spot,
        gettext_lazy("当场处罚"),
        gettext_lazy("已作出当场处罚决定并当场交付当事人。"),
        gettext_lazy(
            "违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款"
            "或者警告的，可以当场作出行政处罚决定（行政处罚法第五十一条）。"
        ),
        gettext_lazy("作出当场处罚决定"),
    ),
    "serve": Step(
        case_forms.ServeForm,
        services.case_serve,
        gettext_lazy("送达"),
        gettext_lazy("已登记送达。"),
    ),
    "execute": Step(
        case_forms.ExecuteForm,
        services.case_execute,
        gettext_lazy("执行"),
        gettext_lazy("已登记执行情况。"),
    ),
    "close": Step(
        case_forms.CloseForm, services.case_close, gettext_lazy("结案"), gettext_lazy("已结案。")
    ),
    "close_corrected": Step(
        case_forms.CloseCorrectedForm,
        services.case_close_corrected,
        gettext_lazy("责令改正后结案"),
        gettext_lazy("已责令改正后结案。"),
    ),
    "transfer": Step(
        case_forms.TransferForm,
        services.case_transfer,
        gettext_lazy("移送"),
        gettext_lazy("已移送。"),
    ),
    "archive": Step(
        case_forms.ArchiveForm,
        services.case_archive,
        gettext_lazy("归档"),
        gettext_lazy("已归档。"),
    ),
    "extend": Step(
        case_forms.ExtendForm,
        services.case_extend_deadline,
        gettext_lazy("延长办案期限"),
        gettext_lazy("已延长决定期限。"),
    ),
}
