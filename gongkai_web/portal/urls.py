"""Public URLs (namespace ``portal``)."""

from django.urls import path

from gongkai_web.portal import feeds, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("healthz/", views.trivial, name="trivial"),
    path("a/<slug:code>/", views.agency_home, name="agency"),
    path("a/<slug:code>/reports/", views.annual_reports, name="annual_reports"),
    path("a/<slug:code>/feed/rss/", feeds.AgencyFeed(), name="agency_rss"),
    path("a/<slug:code>/feed/atom/", feeds.AgencyAtomFeed(), name="agency_atom"),
    path("a/<slug:code>/c/<slug:category>/", views.category_list, name="category"),
    path("a/<slug:code>/c/<slug:category>/feed/rss/", feeds.CategoryFeed(), name="category_rss"),
    path("a/<slug:code>/c/<slug:category>/feed/atom/", feeds.CategoryAtomFeed(), name="category_atom"),
    path("a/<slug:code>/i/<int:pk>/", views.item_page, name="item"),
    path("a/<slug:code>/i/<int:pk>/files/<int:att>/", views.attachment, name="attachment"),
    path("a/<slug:code>/guide/", views.guide_page, name="guide"),
    path("a/<slug:code>/rules/", views.rules_page, name="rules"),
    path("a/<slug:code>/statutory/", views.statutory_page, name="statutory"),
]
