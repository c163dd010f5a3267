"""The Python widget renderer gives the same markup as Django's widget templates."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from accounts.forms import DeleteAccountForm, ProfileForm, SignUpForm, ThemeForm
from cramplog.renderers import FastWidgetRenderer
from export.views import ExportForm, ImportForm
from journal.forms import (
    CheckInForm,
    ConditionForm,
    CrampDetailsForm,
    CrampForm,
    DayContextForm,
    MedicationForm,
    QuickLogForm,
)
from journal.models import Cramp, DayContext
from journal.offline_sync import QueuedCrampForm

HOSTILE = "\"><img src=x onerror=alert(1)> & 'quoted'"


def hostile_data(form):
    """Every field gets the same hostile string, several for multi-value fields."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = [HOSTILE, "stretch"]
        else:
            data[name] = HOSTILE
    return data


def forms_of_the_app(user):
    profile = user.profile
    cramp = Cramp(owner=user, muscle="calf", side="left", duration_seconds=95, notes=HOSTILE)
    builders = [
        lambda data: QuickLogForm(data, profile=profile),
        lambda data: CrampDetailsForm(data, instance=cramp),
        lambda data: CrampForm(data, instance=Cramp(owner=user), zone=profile.zone),
        lambda data: CheckInForm(data, initial={"night": date(2026, 3, 9)}, user=user),
        lambda data: DayContextForm(
            data, instance=DayContext(owner=user, fluids_ml=1500, stress=3), unit="ml"
        ),
        lambda data: MedicationForm(data),
        lambda data: ConditionForm(data),
        lambda data: ProfileForm(data, instance=profile),
        lambda data: SignUpForm(data),
        lambda data: ThemeForm(data),
        lambda data: ExportForm(data, today=date(2026, 3, 10), last_night=date(2026, 3, 9)),
        lambda data: ImportForm(data),
        lambda data: DeleteAccountForm(
            data, user=user, request=RequestFactory().post("/accounts/delete/")
        ),
        lambda data: QueuedCrampForm(data),
    ]
    for build in builders:
        yield build, None
        yield build, hostile_data(build(None))


def everything_rendered(build, data, renderer):
    """A new form for each renderer: bound fields cache their widgets' renderer."""
    form = build(data)
    form.renderer = renderer
    if data is not None:
        form.is_valid()
    out = []
    for field in form:
        out.append(str(field))
        for choice in field.subwidgets:
            out.append(choice.tag())
            out.append(str(choice))
    return out


def test_fast_renderer_matches_django_templates_for_every_form(alice):
    fast, django = FastWidgetRenderer(), DjangoTemplates()
    compared = 0
    for build, data in forms_of_the_app(alice):
        expected = everything_rendered(build, data, django)
        assert everything_rendered(build, data, fast) == expected
        compared += len(expected)
    assert compared > 400  # every radio, checkbox and option of every form
    assert fast._fast["django/forms/widgets/radio_option.html"] is not None


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput(attrs={"required": True, "disabled": False, "data-x": mark_safe("<b>")}),
        forms.Textarea(attrs={"rows": 3}),
        forms.Select(choices=[("Group <1>", [("a", "A & B")]), ("b", mark_safe("<i>B</i>"))]),
        forms.SelectMultiple(choices=[(1, 1), (2, 2)]),
        forms.CheckboxInput(),
        forms.NumberInput(attrs={"step": 0.5, "min": 0}),
        forms.RadioSelect(choices=[(0, "zero"), (1, "one")]),
    ],
)
@pytest.mark.parametrize("value", [None, "", 0, 1, "a", HOSTILE, mark_safe("<safe>"), ["1", "2"]])
def test_fast_renderer_matches_django_templates_for_odd_values(widget, value):
    context = widget.get_context("field<name>", value, {"id": 'id_"x"'})
    for template in [widget.template_name, getattr(widget, "option_template_name", None)]:
        if not template:
            continue
        if template == widget.template_name:
            contexts = [context]
        else:
            contexts = [
                {"widget": option}
                for _, options, _ in context["widget"]["optgroups"]
                for option in options
            ]
        for ctx in contexts:
            assert FastWidgetRenderer().render(template, ctx) == DjangoTemplates().render(
                template, ctx
            )


def test_a_project_override_of_a_widget_template_is_respected(settings, tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "text.html").write_text("<custom>")
    renderer = FastWidgetRenderer()
    renderer.engine.engine.dirs.insert(0, str(tmp_path))
    html = renderer.render(
        "django/forms/widgets/text.html", forms.TextInput().get_context("n", "", {})
    )
    assert html == "<custom>"


def test_threads_sharing_one_renderer_build_its_table_once(monkeypatch):
    import threading
    import time
    from collections import Counter

    renderer = FastWidgetRenderer()
    lookups = Counter()
    real = renderer.get_template

    def slow_get_template(name):
        lookups[name] += 1
        time.sleep(0.005)  # widen any race between the first renders
        return real(name)

    monkeypatch.setattr(renderer, "get_template", slow_get_template)
    context = forms.TextInput().get_context("n", "x", {})
    expected = DjangoTemplates().render("django/forms/widgets/text.html", context)
    start, results = threading.Barrier(8), []

    def first_render():
        start.wait()
        results.append(renderer.render("django/forms/widgets/text.html", context))

    threads = [threading.Thread(target=first_render) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8
    assert set(lookups.values()) == {1}  # each template checked once, by one thread
