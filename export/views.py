"""Export, import and account deletion: the data the user owns.

Every view works on `request.user` only; there is no way to name another
user's data in a URL. The file formats live in export.formats (written by
export.files, read back by export.importer), the doctor summary in
export.summary and export.pdf.
"""

import base64
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from export import files, importer
from export.summary import ConditionRecord, build_summary, run_analysis, summary_charts
from insights.services import user_analysis
from journal.models import Condition, PendingImport, Profile
from journal.nights import last_finished_night
from journal.services import load_journal

MAX_RANGE_DAYS = 3653  # ten years
MAX_NAME = 100
MAX_QUESTIONS = 2000
PRESETS = (
    ("30", gettext_lazy("Last 30 days")),
    ("90", gettext_lazy("Last 90 days")),
    ("180", gettext_lazy("Last 180 days")),
)


class RangeError(ValueError):
    """A summary or CSV range that cannot be used; the message is shown to the user."""


def _today(user):
    return timezone.now().astimezone(user.profile.zone).date()


def check_range(first, last, today):
    """Raise RangeError unless first..last is a sensible range of nights."""
    if first > last:
        raise RangeError(_("The start date is after the end date. Swap them and try again."))
    if last > today:
        raise RangeError(_("The range ends in the future. Pick an end date up to today."))
    if first.year < 1900:
        raise RangeError(_("Pick a start date after 1900."))
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise RangeError(_("The range is longer than 10 years. Pick a shorter range."))


# Whole sentences, one per date the URL carries (the word order differs by language).
MISSING_DATE = {
    "start": gettext_lazy("The start date is missing or not a date (use YYYY-MM-DD)."),
    "end": gettext_lazy("The end date is missing or not a date (use YYYY-MM-DD)."),
    "birth": gettext_lazy("The birth date is missing or not a date (use YYYY-MM-DD)."),
}


def _parse_day(text, what):
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise RangeError(str(MISSING_DATE[what])) from None


def range_from_query(request, required=True):
    """(first, last) nights from ?from=&to=, or None when optional and absent."""
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    if not required and not raw_from and not raw_to:
        return None
    first, last = _parse_day(raw_from, "start"), _parse_day(raw_to, "end")
    check_range(first, last, _today(request.user))
    return first, last


def patient_from_query(request):
    """Name, date of birth and questions to print: from the URL only, never stored."""
    name = request.GET.get("name", "").strip()
    questions = request.GET.get("questions", "").strip()
    if len(name) > MAX_NAME:
        raise RangeError(
            ngettext(
                "The name is longer than %(limit)s character.",
                "The name is longer than %(limit)s characters.",
                MAX_NAME,
            )
            % {"limit": MAX_NAME}
        )
    if len(questions) > MAX_QUESTIONS:
        raise RangeError(
            ngettext(
                "The questions are longer than %(limit)s character.",
                "The questions are longer than %(limit)s characters.",
                MAX_QUESTIONS,
            )
            % {"limit": MAX_QUESTIONS}
        )
    raw_dob = request.GET.get("dob", "").strip()
    dob = _parse_day(raw_dob, "birth") if raw_dob else None
    if dob and dob > _today(request.user):
        raise RangeError(_("The date of birth is in the future."))
    return {"patient_name": name, "date_of_birth": dob, "questions": questions}


def summary_languages():
    """(code, name) of every language the summary can be printed in, each named in itself."""
    return [(code, name) for code, name in settings.LANGUAGES]


def current_language():
    """The language the user reads the app in (a code of settings.LANGUAGES)."""
    try:
        return translation.get_supported_language_variant(translation.get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


def language_from_query(request):
    """The doctor's language from ?lang=, else the user's own; RangeError if unknown."""
    lang = request.GET.get("lang", "").strip()
    if not lang:
        return current_language()
    known = dict(summary_languages())
    if lang not in known:
        raise RangeError(
            _("The summary language must be one of: %(languages)s.")
            % {"languages": ", ".join(f"{name} ({code})" for code, name in known.items())}
        )
    return lang


def _bad_request(request, message):
    return render(request, "export/bad_request.html", {"message": message}, status=400)


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Export page ------------------------------------------------------------------


class LanguageSelect(forms.Select):
    """A select of languages, each option marked with its own language for screen readers."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ExportForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Range"),
        choices=[
            *PRESETS,
            ("since", gettext_lazy("Since a date")),
            ("custom", gettext_lazy("From … to …")),
        ],
        initial="90",
        widget=forms.RadioSelect,
    )
    since = forms.DateField(
        label=pgettext_lazy("first date of a range", "Since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start = forms.DateField(
        label=pgettext_lazy("first date of a range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("last date of a range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    paper = forms.ChoiceField(
        label=gettext_lazy("Paper for the PDF"),
        choices=[("a4", "A4"), ("letter", gettext_lazy("US Letter"))],
        initial="a4",
        required=False,
        widget=forms.RadioSelect,
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language of the doctor summary"),
        choices=summary_languages,
        required=False,
        widget=LanguageSelect,
        help_text=gettext_lazy(
            "The summary page and the PDF are printed in this language; "
            "the rest of CrampLog stays in yours."
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("Name to print (optional)"),
        required=False,
        max_length=MAX_NAME,
        help_text=gettext_lazy("Printed on the summary only; CrampLog does not store it."),
    )
    dob = forms.DateField(
        label=gettext_lazy("Date of birth to print (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    questions = forms.CharField(
        label=gettext_lazy("Questions for my doctor (optional)"),
        required=False,
        max_length=MAX_QUESTIONS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One question per line. Printed at the end of the summary; not stored."
        ),
    )

    def __init__(self, *args, today, last_night, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.last_night = last_night
        # The summary is in the user's own language unless they choose the doctor's.
        self.language = current_language()
        self.fields["lang"].initial = self.language

    def clean(self):
        data = super().clean()
        period = data.get("period")
        # Presets end with the last night that has finished, so tonight is not
        # counted as an unlogged night.
        last = self.last_night
        if period in dict(PRESETS):
            first = last - timedelta(days=int(period) - 1)
        elif period == "since":
            if not data.get("since"):
                self.add_error("since", _("Pick the first date of the range."))
                return data
            first = data["since"]
            if first > last:
                self.add_error("since", _("Pick a date before the last finished night."))
                return data
        elif period == "custom":
            first, last = data.get("start"), data.get("end")
            if not first:
                self.add_error("start", _("Pick the first date of the range."))
            if not last:
                self.add_error("end", _("Pick the last date of the range."))
            if not (first and last):
                return data
        else:
            return data
        try:
            check_range(first, last, self.today)
        except RangeError as exc:
            raise forms.ValidationError(str(exc)) from None
        data["first"], data["last"] = first, last
        return data

    def query(self, target):
        """The query string for the chosen page or file: only what it uses."""
        data = self.cleaned_data
        params = {"from": data["first"].isoformat(), "to": data["last"].isoformat()}
        if target == "export:cramps_csv":
            return urlencode(params)
        for key in ("name", "questions"):
            if data.get(key):
                params[key] = data[key]
        if data.get("dob"):
            params["dob"] = data["dob"].isoformat()
        if target == "export:summary_pdf" and data.get("paper") == "letter":
            params["paper"] = "letter"
        # Like the paper: only when it is not the default (the user's own language).
        if data.get("lang") and data["lang"] != self.language:
            params["lang"] = data["lang"]
        return urlencode(params)


EXPORT_TARGETS = {
    "preview": "export:summary",
    "pdf": "export:summary_pdf",
    "csv": "export:cramps_csv",
}


@require_GET
def export_index(request):
    """The export page. Its GET form redirects to the chosen file or page."""
    now = timezone.now()
    form = ExportForm(
        request.GET if "period" in request.GET else None,
        today=_today(request.user),
        last_night=last_finished_night(now, request.user.profile.zone),
    )
    if form.is_bound and form.is_valid():
        target = EXPORT_TARGETS.get(request.GET.get("get"), "export:summary")
        return redirect(f"{reverse(target)}?{form.query(target)}")
    return render(request, "export/index.html", {"form": form})


# --- Doctor summary ------------------------------------------------------------------


def _summary_request(request):
    """What the URL asks for: (first, last, patient, lang). RangeError in the user's language."""
    first, last = range_from_query(request)
    patient = patient_from_query(request)
    return first, last, patient, language_from_query(request)


def _summary_for(request, first, last, patient):
    """The summary in the active language (the caller overrides it with the doctor's)."""
    journal = load_journal(request.user, first, last)
    conditions = [
        ConditionRecord(c.kind, c.started_on, c.ended_on, c.notes)
        for c in Condition.objects.owned_by(request.user).only(
            "kind", "started_on", "ended_on", "notes"
        )
    ]
    summary = build_summary(
        journal,
        conditions=conditions,
        analysis=run_analysis(journal),
        whole_analysis=user_analysis(request.user),
        generated_on=_today(request.user),
        cramps_began=request.user.profile.cramps_began,
        **patient,
    )
    return summary, journal


@require_GET
def summary_page(request):
    try:
        first, last, patient, lang = _summary_request(request)
    except RangeError as exc:
        return _bad_request(request, str(exc))
    # The whole page in the doctor's language, <html lang> included; the rest of
    # the app stays in the user's.
    with translation.override(lang):
        summary, journal = _summary_for(request, first, last, patient)
        charts = summary_charts(journal, fmt="png")
        response = render(
            request,
            "export/summary.html",
            {
                "summary": summary,
                "charts": {key: _data_uri(png) for key, png in charts.items()},
                "pdf_query": request.GET.urlencode(),
            },
        )
    response["Content-Language"] = lang
    return response


def _data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@require_GET
def summary_pdf(request):
    # reportlab is loaded on the first PDF, not at start-up.
    from export.pdf import PAPER_SIZES, PDF_CHARTS, render_summary_pdf

    paper = request.GET.get("paper", "a4")
    if paper not in PAPER_SIZES:
        return _bad_request(request, _("Paper must be a4 or letter."))
    try:
        first, last, patient, lang = _summary_request(request)
    except RangeError as exc:
        return _bad_request(request, str(exc))
    with translation.override(lang):
        summary, journal = _summary_for(request, first, last, patient)
        charts = summary_charts(journal, fmt="png", kinds=PDF_CHARTS)
        pdf = render_summary_pdf(summary, charts=charts, paper=paper)
    filename = f"cramplog-summary-{summary.first}-to-{summary.last}.pdf"
    response = _attachment(pdf, "application/pdf", filename)
    response["Content-Language"] = lang
    return response


# --- Files -------------------------------------------------------------------------------


@require_GET
def cramps_csv(request):
    try:
        bounds = range_from_query(request, required=False)
    except RangeError as exc:
        return _bad_request(request, str(exc))
    cramps = files.user_cramps(request.user, *(bounds or (None, None)))
    suffix = f"-{bounds[0]}-to-{bounds[1]}" if bounds else ""
    return _attachment(
        files.cramps_csv(cramps), "text/csv; charset=utf-8", f"cramplog-cramps{suffix}.csv"
    )


@require_GET
def backup(request):
    stamp = _today(request.user).isoformat()
    return _attachment(
        files.backup_json(request.user),
        "application/json; charset=utf-8",
        f"cramplog-backup-{stamp}.json",
    )


# --- Import ---------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Backup (.json) or cramps CSV (.csv)"),
        help_text=gettext_lazy("A backup.json or cramps CSV exported from CrampLog."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(importer.size_message(upload.size, limit))
        try:
            return importer.parse_upload(upload.read(limit + 1), limit)
        except importer.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None


# What each backup section is called on the page (the file's keys are not words).
KIND_LABELS = {
    "cramps": gettext_lazy("cramps"),
    "checkins": gettext_lazy("night check-ins"),
    "day_contexts": gettext_lazy("day entries"),
    "medications": gettext_lazy("medicines"),
    "conditions": gettext_lazy("conditions"),
}
# "Imported 3 cramps, 2 medicines.": one counted phrase per kind (singular and plural).
KIND_COUNTS = {
    "cramps": lambda n: ngettext("%(count)s cramp", "%(count)s cramps", n),
    "checkins": lambda n: ngettext("%(count)s night check-in", "%(count)s night check-ins", n),
    "day_contexts": lambda n: ngettext("%(count)s day entry", "%(count)s day entries", n),
    "medications": lambda n: ngettext("%(count)s medicine", "%(count)s medicines", n),
    "conditions": lambda n: ngettext("%(count)s condition", "%(count)s conditions", n),
}


def _kind_rows(plan):
    return [
        (KIND_LABELS.get(key, section.label), section)
        for key, section in plan.sections.items()
        if section.new or section.duplicates
    ]


def _settings_change(user, changes):
    """True if importing would change a setting (a backup of this very account does not)."""
    profile = Profile.objects.get(user=user)
    return any(getattr(profile, name) != value for name, value in changes.items())


def _max_mb():
    return importer.megabytes(settings.IMPORT_MAX_BYTES, trim=True)


@require_http_methods(["GET", "POST"])
def import_data(request):
    action = request.POST.get("action", "upload") if request.method == "POST" else None
    if action == "cancel":
        _forget_upload(request)
        messages.info(request, _("Import cancelled. Nothing was changed."))
        return redirect("export:import")
    if action == "confirm":
        return _confirm_import(request)
    if request.method == "GET":
        _forget_upload(request)  # leaving the preview abandons it
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "max_mb": _max_mb()}
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400  # the file cannot be used: the form says why
    elif request.method == "POST":
        upload = form.cleaned_data["file"]
        plan = importer.plan_import(request.user, upload)
        context["plan"] = plan
        context["kind_rows"] = _kind_rows(plan)
        settings_change = _settings_change(request.user, plan.profile_changes)
        context["settings_change"] = settings_change
        nothing_new = plan.ok and not plan.new_total and not settings_change
        if plan.ok and not nothing_new:
            PendingImport.objects.update_or_create(owner=request.user, defaults={"payload": upload})
            context["form"] = None
        else:
            # Nothing to confirm: a file already imported is said so, not offered again.
            context["nothing_new"] = nothing_new
            _forget_upload(request)
            if not plan.ok:
                status = 400  # rows with problems: the page lists them
    return render(request, "export/import.html", context, status=status)


def _forget_upload(request):
    PendingImport.objects.filter(owner=request.user).delete()


class _NothingWaiting(Exception):
    pass


def _confirm_import(request):
    try:
        with transaction.atomic():
            # Claimed inside the import's own transaction: of two confirms sent
            # at once only one finds it, and a request that dies part-way rolls
            # the claim back with the rows, so the upload is still waiting.
            pending = PendingImport.objects.filter(owner=request.user).first()
            if pending is None or not PendingImport.objects.filter(pk=pending.pk).delete()[0]:
                raise _NothingWaiting
            # Validate again: the journal may have changed since the preview.
            plan = importer.plan_import(request.user, pending.payload)
            if not plan.ok:
                return render(  # the upload is forgotten: it no longer fits
                    request,
                    "export/import.html",
                    {"form": ImportForm(), "plan": plan, "max_mb": _max_mb()},
                    status=400,
                )
            created = importer.apply_plan(request.user, plan)
    except _NothingWaiting:
        messages.error(request, _("There is no upload waiting. Choose the file again."))
        return redirect("export:import")
    except IntegrityError:
        # A database rule the checks above did not foresee; the transaction
        # was rolled back, so nothing was written. The file will not fit.
        _forget_upload(request)
        messages.error(request, _("The file could not be imported; nothing was changed."))
        return redirect("export:import")
    parts = [
        KIND_COUNTS[key](n) % {"count": n} if key in KIND_COUNTS else f"{n} {key}"
        for key, n in created.items()
        if n
    ]
    if parts:
        # Translators: %(items)s is a list such as "3 cramps, 2 medicines".
        text = _("Imported %(items)s.") % {"items": ", ".join(parts)}
    else:
        text = _("Imported nothing new.")
    skipped = plan.duplicate_total
    if skipped:
        text += " " + ngettext(
            "%(count)s entry was already in your journal and was skipped.",
            "%(count)s entries were already in your journal and were skipped.",
            skipped,
        ) % {"count": skipped}
    messages.success(request, text)
    return redirect("export:import")
