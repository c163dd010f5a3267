from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cramplog.forms import ProfileForm, SignUpForm, ThemeForm


@login_not_required
def signup(request):
    if request.user.is_authenticated:
        return redirect("journal:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to CrampLog. Your journal is private to you.")
        return redirect("journal:home")
    return render(request, "registration/signup.html", {"form": form})


def account_settings(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("account_settings")
    return render(request, "cramplog/settings.html", {"form": form})


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


@login_not_required
def csrf_failure(request, reason=""):
    template = (
        "cramplog/csrf_fragment.html" if request.headers.get("HX-Request") else "403_csrf.html"
    )
    return render(request, template, status=403)
