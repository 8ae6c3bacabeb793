from django.urls import path

from clearhead.education import views

app_name = "education"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("search/", views.article_search, name="article_search"),
    path("feedback/", views.feedback_report, name="feedback_report"),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
    path("<slug:slug>/feedback/", views.article_feedback, name="article_feedback"),
]
