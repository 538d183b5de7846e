"""Back-office pages of law education and publicity."""

from fazhi.outreach import views, views_booklet, views_quiz

app_name = "outreach"
urlpatterns = [*views_quiz.urlpatterns, *views.urlpatterns, *views_booklet.urlpatterns]
