from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from breakaway.accounts import selectors
from breakaway.accounts.permissions import RoleRequiredMixin
from breakaway.accounts.roles import CLIENT_STAFF, PROVIDER_STAFF, standing


class HomeView(LoginRequiredMixin, TemplateView):
    """Each person's starting page: what their role lets them do."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["standing"] = standing(self.request.user)
        return context


class OrganisationListView(RoleRequiredMixin, ListView):
    allowed_roles = PROVIDER_STAFF + CLIENT_STAFF
    template_name = "portal/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.client_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        is_provider = standing(self.request.user).is_provider_staff
        context["heading"] = _("Clients") if is_provider else _("Your organisation")
        return context


class OrganisationDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = PROVIDER_STAFF + CLIENT_STAFF
    template_name = "portal/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):  # type: ignore[no-untyped-def]
        return selectors.organisation_get_for_user(user=self.request.user, slug=self.kwargs["slug"])
