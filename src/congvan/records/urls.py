from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("new/", views.case_file_new, name="case_file_new"),
    path("plans/<int:year>/archive-date/", views.plan_archive_date, name="plan_archive_date"),
    path("freezes/", views.freezes, name="freezes"),
    path("freezes/new/", views.freeze, name="freeze"),
    path("freezes/<int:pk>/lift/", views.unfreeze, name="unfreeze"),
    path("<int:pk>/", views.case_file, name="case_file"),
    path("<int:pk>/documents/", views.case_file_add, name="case_file_add"),
    path("<int:pk>/documents/<int:document_pk>/remove/", views.case_file_remove, name="case_file_remove"),
    path("<int:pk>/archived/", views.case_file_archived, name="case_file_archived"),
    path("<int:pk>/export/<str:kind>/", views.case_file_export, name="case_file_export"),
]
