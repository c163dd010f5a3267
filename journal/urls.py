from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("", views.home, name="home"),
    path("journal/", views.timeline, name="timeline"),
]
