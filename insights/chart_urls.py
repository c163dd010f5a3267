"""Routes for the weekly review, trends and chart images (see chart_views)."""

from django.urls import path

from insights import chart_views

urlpatterns = [
    path("week/", chart_views.week, name="week"),
    path("week/<str:isoweek>/", chart_views.week, name="week_at"),
    path("trends/", chart_views.trends, name="trends"),
    path("charts/<slug:name>.svg", chart_views.chart, name="chart"),
    path("charts/<slug:name>.png", chart_views.chart_png, name="chart_png"),
]
