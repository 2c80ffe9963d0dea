from django.contrib.auth import views as auth_views
from django.urls import path

from . import exchange_views, security_views, twofactor, views

app_name = "web"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("incoming/", views.incoming_list, name="incoming"),
    path("outgoing/", views.outgoing_list, name="outgoing"),
    path("incoming/upload/", views.incoming_upload, name="incoming_upload"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/access/", security_views.document_access, name="document_access"),
    path("access-alerts/", security_views.access_alerts, name="access_alerts"),
    path("audit/export/", security_views.audit_export, name="audit_export"),
    path("2fa/", twofactor.verify, name="two_factor"),
    path("documents/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("incoming/edxml/", exchange_views.incoming_edxml, name="incoming_edxml"),
    path("documents/<int:pk>/edxml", exchange_views.document_edxml, name="document_edxml"),
    path("documents/<int:pk>/recall/", exchange_views.document_recall_view, name="document_recall"),
    path("changes/<int:pk>/answer/", exchange_views.change_answer, name="change_answer"),
    path("documents/<int:pk>/render/<str:kind>/", views.document_render, name="document_render"),
    path("documents/<int:pk>/<str:action>/", views.document_action, name="document_action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("registers/", views.registers, name="registers"),
    path("audit/", views.audit, name="audit"),
    path("tokens/", views.tokens, name="tokens"),
]
