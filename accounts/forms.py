from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import RecoveryCode
from journal.caching import bump_journal_version
from journal.forms import plain_number_messages
from journal.models import Profile


@cache
def time_zone_choices():
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return (("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones))


EMAIL_HELP = _(
    "Optional. Only used to reset a forgotten password, once you open the link we "
    "send to it. Without it, a forgotten password cannot be reset."
)
PASSWORD_HELP = _("At least 8 characters, not only digits, not a common password.")


# Zone names are the IANA database's English place names ("Europe/Isle of Man"),
# the same in every language: marked as English for screen readers.
TIME_ZONE_WIDGET = forms.Select(attrs={"lang": "en"})


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=EMAIL_HELP,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        widget=TIME_ZONE_WIDGET,
        help_text=_("Nights are counted in this zone. Filled in from your phone when possible."),
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = settings.TIME_ZONE
        self.fields["time_zone"].widget.attrs["data-browser-zone"] = "true"
        # Plain words instead of Django's stock help texts.
        self.fields["username"].help_text = _(
            "Letters, digits and @ . + - _ only. You log in with it."
        )
        self.fields["password1"].help_text = PASSWORD_HELP
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].help_text = ""
        if not settings.EMAIL_RECOVERY:
            del self.fields["email"]

    def validate_password_for_user(self, user, **kwargs):
        # A weak password is a fault of the password, not of its confirmation.
        super().validate_password_for_user(user, password_field_name="password1")

    def save(self, commit=True):
        # The email is kept only once confirmed (accounts/recovery.py).
        user = super().save(commit=commit)
        if commit:
            with transaction.atomic():
                bump_journal_version(user.pk)  # update() sends no signal
                Profile.objects.filter(user=user).update(time_zone=self.cleaned_data["time_zone"])
        return user


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, widget=TIME_ZONE_WIDGET
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_number_messages(self)
        # Each language named in itself, so it can be found by someone who reads only it.
        self.fields["language"].choices = [("", _("The browser's language")), *settings.LANGUAGES]

    class Meta:
        model = Profile
        # The language first: found at once by someone who cannot read the page yet.
        fields = [
            "language",
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
            "language": _("Language"),
            "glass_ml": _("One glass (ml)"),
            "fluid_target_ml": _("Daily fluid target (ml)"),
            "sitting_hours_threshold": _("Long sitting day from (hours)"),
            "standing_hours_threshold": _("Long standing day on hard floors from (hours)"),
            # Translators: the number of alcoholic drinks from which an evening counts.
            "alcohol_drinks_threshold": _("Alcohol evening from (drinks)"),
            "checkin_mode": _("Counting cramp-free nights"),
            "cramps_began": _("When your cramps began (optional)"),
        }
        widgets = {"checkin_mode": forms.RadioSelect, "theme": forms.RadioSelect}
        help_texts = {
            "language": _(
                "The language CrampLog speaks to you in, on every device. "
                "\"The browser's language\" follows each browser's own setting."
            ),
            "sitting_hours_threshold": _("Default 8 hours."),
            "standing_hours_threshold": _("Default 4 hours."),
            "alcohol_drinks_threshold": _("Default 1 drink (any alcohol)."),
            "fluid_target_ml": _("Default 1,500 ml."),
        }


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email for password reset"),
        required=False,
        help_text=format_lazy("{} {}", EMAIL_HELP, _("Leave blank and save to remove it.")),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


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
        label=_("Your password"),
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
            raise forms.ValidationError(gettext("That password is not right. Nothing was deleted."))
        return password


class PasswordCheckForm(DeleteAccountForm):
    """Your password, before something that changes how you get back in."""

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError(gettext("That password is not right. Nothing was changed."))
        return password


class RecoverForm(forms.Form):
    """A forgotten password: the user name, one recovery code, a new password."""

    username = forms.CharField(
        label=_("Username"), widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the codes shown when you signed up, e.g. abcd-efgh-jkmn."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", gettext("The two passwords are not the same."))
        if first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        if self.errors or not data.get("username") or not data.get("code"):
            return data
        # The code is used up only once everything else is right.
        self.user = RecoveryCode.objects.use(data["username"], data["code"])
        if self.user is None:
            raise forms.ValidationError(gettext("That user name and recovery code do not match."))
        return data

    def save(self):
        self.user.set_password(self.cleaned_data["new_password1"])
        self.user.save(update_fields=["password"])
        return self.user
