from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordChangeView
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import recovery
from accounts.forms import (
    DeleteAccountForm,
    EmailForm,
    ProfileForm,
    SignUpForm,
    ThemeForm,
    ThrottledPasswordChangeForm,
)
from accounts.models import RecoveryCode
from journal.services import owned_counts


@login_not_required
def signup(request):
    if request.user.is_authenticated:
        return redirect("journal:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to CrampLog. Your journal is private to you."))
        recovery.show_codes_once(request, RecoveryCode.objects.replace_for(user))
        if form.cleaned_data.get("email"):
            recovery.send_verification(request, user, form.cleaned_data["email"])
            messages.info(
                request,
                _("We sent a link to %(email)s: open it to use this address for password resets.")
                % {"email": form.cleaned_data["email"]},
            )
        # The recovery codes are shown once, now; then the journal.
        return redirect("recovery_codes")
    return render(request, "registration/signup.html", {"form": form})


def account_settings(request):
    profile = request.user.profile
    email_posted = request.method == "POST" and "email_form" in request.POST
    email_form = EmailForm(
        request.POST if email_posted else None, initial={"email": request.user.email}
    )
    if email_posted:
        if settings.EMAIL_RECOVERY and email_form.is_valid():
            return recovery.change_email(request, email_form)
        form = ProfileForm(instance=profile)
    else:
        form = ProfileForm(request.POST or None, instance=profile)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("account_settings")
    context = {
        "form": form,
        "email_form": email_form,
        "recovery_codes_left": RecoveryCode.objects.filter(user=request.user).count(),
    }
    return render(request, "accounts/settings.html", context)


@require_POST
def set_theme(request):
    form = ThemeForm(request.POST)
    if form.is_valid():
        profile = request.user.profile
        profile.theme = form.cleaned_data["theme"]
        profile.save(update_fields=["theme"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        with transaction.atomic():
            # Every journal row points at the user with on_delete=CASCADE.
            user.delete()
        messages.success(request, _("Your account and your whole journal were deleted."))
        return redirect(settings.LOGIN_URL)
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "counts": owned_counts(request.user)},
    )


class PasswordChange(PasswordChangeView):
    """Django's password change, with wrong old passwords throttled like log-in."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
