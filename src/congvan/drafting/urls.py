from django.urls import path

from . import views

app_name = "drafting"

urlpatterns = [
    path("documents/<int:pk>/versions/", views.version_list, name="versions"),
    path("documents/<int:pk>/versions/compare/", views.version_compare, name="compare"),
    path("documents/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("documents/<int:pk>/versions/<int:number>/restore/", views.version_restore, name="restore"),
    path("documents/<int:pk>/consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/", views.asked, name="asked"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/answer/", views.opinion_answer, name="answer"),
    path("consultations/<int:pk>/remind/", views.consultation_remind, name="remind"),
    path("consultations/<int:pk>/summary/", views.summary_page, name="summary"),
    path("consultations/<int:pk>/summary.<str:kind>", views.summary_file, name="summary_file"),
    path("opinions/<int:pk>/reply/", views.opinion_reply, name="reply"),
    path("opinion-files/<int:pk>/", views.opinion_file, name="opinion_file"),
]
