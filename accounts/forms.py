from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm

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
            "checkin_mode",
            "theme",
            "cramps_began",
        ]
        labels = {
            "glass_ml": "One glass (ml)",
            "fluid_target_ml": "Daily fluid target (ml)",
            "sitting_hours_threshold": "Long sitting day from (hours)",
            "standing_hours_threshold": "Long standing day on hard floors from (hours)",
            "checkin_mode": "Counting cramp-free nights",
            "cramps_began": "When your cramps began (optional)",
        }
        widgets = {"checkin_mode": forms.RadioSelect, "theme": forms.RadioSelect}
        help_texts = {
            "sitting_hours_threshold": "Default 8 hours.",
            "standing_hours_threshold": "Default 4 hours.",
            "fluid_target_ml": "Default 1,500 ml.",
        }


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(choices=Profile._meta.get_field("theme").choices)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right. Nothing was deleted.")
        return password
