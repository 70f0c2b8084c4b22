"""Sign-in, sign-out, password reset, profile and personal API tokens."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc import account_services
from bsc.form_errors import add_service_errors
from bsc.forms import (
    EmailAuthenticationForm,
    EmailChangeForm,
    PasswordResetInLanguageForm,
    ProfileForm,
)
from bsc.redirects import redirect_next


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The e-mail address the lock-out counts failures for, whatever its letter case:
    sign-in ignores case, so the count must too."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request, form=form))


def _profile_context(request: HttpRequest, **forms: Any) -> dict[str, Any]:
    forms.setdefault("form", ProfileForm(instance=request.user))
    forms.setdefault("email_form", EmailChangeForm(user=request.user))
    tokens = account_services.tokens_of(request.user)
    return {
        **forms,
        "has_token": bool(tokens),
        "tokens": [(account_services.token_handle(t), t) for t in tokens],
        "new_token": request.session.pop("new_api_token", None),
    }


@login_required
@require_POST
def email_change(request: HttpRequest) -> HttpResponse:
    """Ask for a new address: a link to it must be opened before it takes effect."""
    form = EmailChangeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            account_services.email_change_request(
                user=request.user, new_email=form.cleaned_data["new_email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes once you open it.")
                % {"email": form.cleaned_data["new_email"]},
            )
            return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", _profile_context(request, email_form=form), status=400
    )


@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Open the link sent to the new address (signed in as the person who asked)."""
    if request.method != "POST":
        # A mail scanner following the link must not change the address: a button does.
        return render(request, "accounts/email_confirm.html", {"token": token})
    try:
        email = account_services.email_change_confirm(user=request.user, token=token)
    except ValidationError as error:
        return render(
            request,
            "accounts/email_confirm.html",
            {"token": token, "error": " ".join(error.messages)},
            status=400,
        )
    messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": email})
    return redirect("accounts:profile")


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    """Replace the person's API token; the key is shown once, on the next page."""
    token = account_services.token_create(request.user)
    request.session["new_api_token"] = token.key
    messages.success(request, _("A new API token was created. Copy it now: it is shown once."))
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request: HttpRequest) -> HttpResponse:
    account_services.credentials_end(request.user)
    messages.success(request, _("Your API token was revoked."))
    return redirect("accounts:profile")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's own API tokens: when each was created, and a button to revoke it."""
    return render(request, "accounts/tokens.html", _profile_context(request))


@login_required
@require_POST
def token_revoke_one(request: HttpRequest, handle: str) -> HttpResponse:
    """Revoke one of the person's tokens; anyone else's is a 404, like one that never was."""
    if not account_services.token_revoke(request.user, handle):
        raise Http404
    messages.success(request, _("The API token was revoked."))
    return redirect("accounts:tokens")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password ends the old sessions (Django's session hash) and, here, every
    API token: a reset is what a person does when they fear someone else got in."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        account_services.credentials_end(form.user)
        return response


app_name = "accounts"


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The header's language switch: a signed-in person's profile keeps the choice, and the
    cookie keeps it for a visitor (and for this browser after signing out)."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Choose one of the languages offered."))
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = redirect_next(request, "portal:home")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=request.is_secure(),
        httponly=True,
    )
    return response


urlpatterns = [
    path("language/", language_switch, name="language"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=PasswordResetInLanguageForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profile/", profile, name="profile"),
    path("profile/token/", create_token, name="token-create"),
    path("profile/token/revoke/", revoke_token, name="token-revoke"),
    path("profile/tokens/", token_list, name="tokens"),
    path("profile/tokens/<str:handle>/revoke/", token_revoke_one, name="token-revoke-one"),
    path("profile/email/", email_change, name="email-change"),
    path("email/confirm/<str:token>/", email_confirm, name="email-confirm"),
]
