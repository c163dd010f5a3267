"""Routes for the weekly review, trends and chart images (see chart_views)."""

urlpatterns = []
