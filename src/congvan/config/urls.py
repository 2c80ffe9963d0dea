from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from congvan.api.urls import api
from congvan.ops.views import readyz


def healthz(request: HttpRequest) -> JsonResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("exchange/", include("congvan.exchange.urls")),
    path("app/directives/", include("congvan.directives.urls")),
    path("app/search/", include("congvan.search.urls")),
    path("app/records/", include("congvan.records.urls")),
    path("app/drafting/", include("congvan.drafting.urls")),
    path("app/", include("congvan.web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("congvan.portal.urls")),
]
