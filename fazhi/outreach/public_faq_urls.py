"""The public portal's 法律问答, under /s/<street slug>/faq/."""

from fazhi.outreach import public_faq

app_name = "faq_public"
urlpatterns = public_faq.urlpatterns
