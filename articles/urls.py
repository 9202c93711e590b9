from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article, name="article-short"),
    path("articles/<int:pk>/<str:slug>/", views.article, name="article"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("sections/<slug:slug>/", views.section, name="section"),
]
