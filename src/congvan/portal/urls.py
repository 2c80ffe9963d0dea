from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import staff, views
from .sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("van-ban/<int:pk>/", views.detail, name="detail"),
    path("van-ban/<int:pk>/tep/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("feed.atom", views.LatestFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("app/portal/<int:pk>/publish/", staff.publish, name="publish"),
    path("app/portal/<int:pk>/unpublish/", staff.unpublish, name="unpublish"),
]
