from django.urls import include, path

urlpatterns = [
    path("", include("fazhi.portal.urls")),
    path("office/", include("fazhi.core.urls")),
    path("s/<slug:slug>/lawyers/", include("fazhi.legal_services.public_urls")),
    path("s/<slug:slug>/decisions/", include("fazhi.reviews.public_urls")),
    path("s/<slug:slug>/enforcement/", include("fazhi.enforcement.public_urls")),
    path("s/<slug:slug>/faq/", include("fazhi.outreach.public_faq_urls")),
    path("s/<slug:slug>/quiz/", include("fazhi.outreach.public_quiz_urls")),
    path("s/<slug:slug>/reports/", include("fazhi.reports.public_urls")),
    path("office/org/", include("fazhi.org.urls")),
    path("office/legal-services/", include("fazhi.legal_services.urls")),
    path("office/reviews/", include("fazhi.reviews.urls")),
    path("office/enforcement/", include("fazhi.enforcement.urls")),
    path("office/outreach/", include("fazhi.outreach.urls")),
    path("office/study/", include("fazhi.study.urls")),
    path("office/reports/", include("fazhi.reports.urls")),
    path("office/district/", include("fazhi.district.urls")),
    path("office/audit/", include("fazhi.audit.urls")),
    path("accounts/", include("fazhi.accounts.urls")),
    path("api/", include("fazhi.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "fazhi.core.views.error_403"
handler404 = "fazhi.core.views.error_404"
handler500 = "fazhi.core.views.error_500"
