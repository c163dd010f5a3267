"""Password recovery by a verified email: the only way back into a forgotten account.

An address is stored on the user (User.email) only once its owner has opened
the link mailed to it, so a reset link can only ever go to a mailbox the
account holder proved they read. The link carries the user and the address,
signed; nothing is stored while it waits. When the server has no mail set up
(EMAIL_HOST unset), nothing here is offered and no page promises a mail.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.forms import PasswordCheckForm, RecoverForm
from accounts.models import RecoveryCode

VERIFY_SALT = "accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


def email_recovery_enabled():
    return settings.EMAIL_RECOVERY


def send_verification(request, user, email):
    token = signing.dumps({"user": user.pk, "email": email}, salt=VERIFY_SALT)
    link = request.build_absolute_uri(reverse("verify_email", args=[token]))
    # Sent in the language of the request that asks for it (the page the user is on).
    body = _(
        'Open this link to use this address to reset the password of the CrampLog account "'
        '%(username)s":\n%(link)s\n\nThe link works for 3 days. If it was not you, '
        "ignore this email: the address is not saved until the link is opened.\n"
    ) % {"username": user.get_username(), "link": link}
    send_mail(_("Confirm your email for CrampLog"), body, None, [email])


@login_not_required
def verify_email(request, token):
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
        user = get_user_model().objects.get(pk=data["user"], is_active=True)
    except (signing.BadSignature, get_user_model().DoesNotExist, KeyError, TypeError):
        # 200 like Django's own invalid reset link: the page explains what to do.
        return render(request, "registration/verify_email.html", {"ok": False})
    user.email = data["email"]
    user.save(update_fields=["email"])
    return render(request, "registration/verify_email.html", {"ok": True, "email": user.email})


@login_not_required
def password_reset(request):
    if not email_recovery_enabled():
        return render(request, "registration/password_reset_unavailable.html")
    return auth_views.PasswordResetView.as_view()(request)


def change_email(request, form):
    """Save the settings' email form: remove at once, or mail a link to confirm a new one."""
    email = form.cleaned_data["email"]
    user = request.user
    if not email:
        if user.email:
            user.email = ""
            user.save(update_fields=["email"])
            messages.success(
                request, _("Email removed. A forgotten password can no longer be reset.")
            )
        return redirect("account_settings")
    if email.lower() == user.email.lower():
        messages.info(request, _("This email is already confirmed."))
        return redirect("account_settings")
    send_verification(request, user, email)
    messages.success(
        request,
        _("We sent a link to %(email)s. It is used for password resets once you open that link.")
        % {"email": email},
    )
    return redirect("account_settings")


# --- Recovery codes: work on any server, with or without mail --------------------------

CODES_SESSION_KEY = "accounts_new_recovery_codes"


def show_codes_once(request, codes):
    request.session[CODES_SESSION_KEY] = codes


def recovery_codes(request):
    """Shows new codes once (right after sign-up or after making new ones)."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    form = PasswordCheckForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        show_codes_once(request, RecoveryCode.objects.replace_for(request.user))
        return redirect("recovery_codes")
    left = RecoveryCode.objects.filter(user=request.user).count()
    return render(
        request,
        "registration/recovery_codes.html",
        {"codes": codes, "form": form, "left": left},
    )


@login_not_required
def recover(request):
    """Set a new password with the user name and one recovery code."""
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _(
                "Your password is changed and that recovery code is used up. "
                "Log in with the new password."
            ),
        )
        return redirect("login")
    return render(request, "registration/recover.html", {"form": form})
