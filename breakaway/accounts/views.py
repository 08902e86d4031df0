from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakaway.accounts import selectors, services
from breakaway.accounts.forms import ApiTokenForm, InvitationAcceptForm
from breakaway.accounts.models import Invitation, User
from breakaway.core.http import AuthenticatedHttpRequest


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_get_by_token(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    context: dict[str, object] = {"invitation": invitation}
    if User.objects.filter(email=invitation.email).exists():
        return _invitation_for_existing_account(request, invitation, context)
    form = InvitationAcceptForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Breakaway. Your account is ready."))
        return redirect("portal:home")
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})


def _invitation_for_existing_account(
    request: HttpRequest, invitation: Invitation, context: dict[str, object]
) -> HttpResponse:
    """Someone who already has an account accepts by signing in as the invited address."""
    is_invitee = request.user.is_authenticated and request.user.email == invitation.email
    if request.method == "POST" and is_invitee:
        services.invitation_accept(invitation=invitation, existing_user=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("You have joined %(organisation)s.") % {"organisation": invitation.organisation},
        )
        return redirect("portal:home")
    context.update(existing_account=True, is_invitee=is_invitee)
    return render(request, "accounts/invitation_accept.html", context)


@login_required
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    tokens = selectors.api_token_list_for_user(user=request.user)
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "secret": secret}
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_token_list_for_user(user=request.user), pk=pk)
    services.api_token_revoke(token=token, revoked_by=request.user)
    messages.success(request, _("The token is revoked. Anything using it will now be refused."))
    return redirect("accounts:api_tokens")
