from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("save/", views.save_search, name="save"),
    path("saved/<int:pk>/delete/", views.delete_saved, name="delete_saved"),
]
