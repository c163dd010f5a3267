from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm
from django.db import transaction

from journal.caching import bump_journal_version
from journal.models import Profile


@cache
def time_zone_choices():
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return (("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones))


class SignUpForm(UserCreationForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        help_text="Nights are counted in this zone. Filled in from your phone when possible.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = settings.TIME_ZONE
        self.fields["time_zone"].widget.attrs["data-browser-zone"] = "true"

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            with transaction.atomic():
                bump_journal_version(user.pk)  # update() sends no signal
                Profile.objects.filter(user=user).update(time_zone=self.cleaned_data["time_zone"])
        return user


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = Profile
        fields = [
            "time_zone",
            "clock",
            "fluid_unit",
            "glass_ml",
            "fluid_target_ml",
            "sitting_hours_threshold",
            "standing_hours_threshold",
            "alcohol_drinks_threshold",
            "checkin_mode",
            "theme",
            "cramps_began",
        ]
        labels = {
            "glass_ml": "One glass (ml)",
            "fluid_target_ml": "Daily fluid target (ml)",
            "sitting_hours_threshold": "Long sitting day from (hours)",
            "standing_hours_threshold": "Long standing day on hard floors from (hours)",
            "alcohol_drinks_threshold": "Alcohol evening from (drinks)",
            "checkin_mode": "Counting cramp-free nights",
            "cramps_began": "When your cramps began (optional)",
        }
        widgets = {"checkin_mode": forms.RadioSelect, "theme": forms.RadioSelect}
        help_texts = {
            "sitting_hours_threshold": "Default 8 hours.",
            "standing_hours_threshold": "Default 4 hours.",
            "alcohol_drinks_threshold": "Default 1 drink (any alcohol).",
            "fluid_target_ml": "Default 1,500 ml.",
        }


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(choices=Profile._meta.get_field("theme").choices)


def password_is_right(request, user, password):
    """Check a logged-in user's password through django-axes, like log-in.

    Wrong guesses count towards the same lock-out as wrong log-ins (username
    and client address), so a live session cannot guess without limit.
    """
    return authenticate(request, username=user.get_username(), password=password) == user


class ThrottledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError("That password is not right. Nothing was deleted.")
        return password
