from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.directive_detail, name="directive"),
    path("<int:pk>/delete/", views.directive_delete, name="directive_delete"),
    path("documents/<int:document_pk>/new/", views.directive_new, name="directive_new"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/cascade/", views.assignment_cascade, name="assignment_cascade"),
    path("assignments/<int:pk>/<str:verdict>/", views.assignment_review, name="assignment_review"),
    path("remind/<str:kind>/<int:pk>/", views.remind, name="remind"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("reports/<str:kind>/", views.register_report, name="report"),
]
