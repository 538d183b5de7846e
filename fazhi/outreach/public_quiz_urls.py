"""The public portal's quiz pages (知识竞答), under /s/<street slug>/quiz/."""

from django.urls import path

from fazhi.outreach import public_quiz

app_name = "quiz_public"
urlpatterns = [
    path("", public_quiz.index, name="index"),
    path("<int:pk>/", public_quiz.detail, name="detail"),
    path("<int:pk>/answer/", public_quiz.answer_sheet, name="sheet"),
    path("<int:pk>/result/", public_quiz.result, name="result"),
    path("<int:pk>/ranking/", public_quiz.ranking, name="ranking"),
]
