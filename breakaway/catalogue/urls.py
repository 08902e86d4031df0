from django.urls import path

from breakaway.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.ModuleListView.as_view(), name="module_list"),
    path("techniques/", views.technique_list, name="technique_list"),
    path("modules/<slug:code>/", views.ModuleDetailView.as_view(), name="module_detail"),
    path("modules/<slug:code>/edit/", views.module_edit, name="module_edit"),
    path("modules/<slug:code>/sign-off/", views.module_sign_off, name="module_sign_off"),
]
