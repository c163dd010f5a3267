"""The doctor summary as a PDF (reportlab): real text, page numbers, one or two pages.

One page for a typical 90 days, at most two for a heavy journal
(tests/export/test_summary_pdf_layout.py): the weekly trend chart sits beside the
headline, the time-of-night and muscle counts are one line each, and a table
keeps only its header and first row with its heading, so no heading ends a page
and a long table does not leave the first page half empty.

Renders an `export.summary.DoctorSummary`; the printable page renders the same
object. Every piece of user text goes through `_text()` (XML-escaped), because
reportlab's Paragraph reads a small markup language. DejaVu Sans (shipped
with matplotlib) covers accents and most scripts that Helvetica cannot.

Every text is translated when the PDF is drawn: the view renders it inside
`translation.override()` with the doctor's language.
"""

from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from export.summary import no_clear_text
from journal.formatting import day_month_year

PAPER_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 11 * mm
CHART_HEIGHT = 58 * mm
# The PDF draws the weekly trend only: the time-of-night and muscle counts are
# short tables beside it, so 90 days fit on one page.
PDF_CHARTS = ("trend",)


@cache
def _fonts():
    """(regular, bold) font names: DejaVu Sans when available, else Helvetica."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(folder / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold")
        return "DejaVuSans", "DejaVuSans-Bold"
    except Exception:  # a missing or unreadable font file must not stop the export
        return "Helvetica", "Helvetica-Bold"


@cache
def _styles():
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=10.5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=14, leading=17),
        "meta": ParagraphStyle(
            "meta", parent=body, fontSize=8.5, textColor=colors.HexColor("#333333")
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=9.5,
            leading=11.5,
            spaceBefore=4,
            spaceAfter=1,
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.2, spaceAfter=1.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=9.6),
        "caveat": ParagraphStyle(
            "caveat", parent=body, fontSize=7.5, leading=9.2, textColor=colors.HexColor("#333333")
        ),
        "bold": bold,
    }


def _text(value):
    return escape(str(value))


def _p(text, style="body"):
    """A paragraph of already-escaped markup."""
    return Paragraph(text, _styles()[style])


def _table(rows, widths, header=True):
    styles = _styles()
    data = [[c if isinstance(c, Paragraph) else _p(_text(c), "cell") for c in row] for row in rows]
    table = Table(
        data, colWidths=widths, hAlign="LEFT", repeatRows=1 if header and len(rows) > 1 else 0
    )
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
    ]
    if header:
        commands.append(("FONTNAME", (0, 0), (-1, 0), styles["bold"]))
    table.setStyle(TableStyle(commands))
    return table


def _tables(rows, widths):
    """A table with a header row as two flowables: the header with the first row, then
    the rest, so `_section` keeps only a small block with its heading and a long
    table flows on from wherever the page has room."""
    first = 2
    if len(rows) <= first + 1:
        return [_table(rows, widths)]
    return [_table(rows[:first], widths), _table(rows[first:], widths, header=False)]


def _bold_header(*labels):
    return [_p(f"<b>{_text(label)}</b>", "cell") for label in labels]


class _NumberedCanvas(pdf_canvas.Canvas):
    """Writes "Page n of N" and the generated-on line once the page count is known."""

    footer = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total):
        width, _height = self._pagesize
        self.setFont(_fonts()[0], 7.5)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawString(MARGIN, 8 * mm, self.footer)
        self.drawRightString(
            width - MARGIN,
            8 * mm,
            _("Page %(page)s of %(total)s") % {"page": self._pageNumber, "total": total},
        )


def _chart(png, width):
    image = Image(BytesIO(png))
    ratio = image.imageHeight / image.imageWidth
    height = min(CHART_HEIGHT, width * ratio)
    image.drawWidth, image.drawHeight = height / ratio, height
    return image


def _section(title, flowables):
    """A heading kept on the page of its first block, so no heading is orphaned."""
    heading = _p(title, "h2")
    if not flowables:
        return [heading]
    return [KeepTogether([heading, flowables[0]]), *flowables[1:]]


def _header(s):
    story = [_p(_text(_("Night-time muscle cramps: journal summary")), "title")]
    who = []
    if s.patient_name:
        who.append(f"<b>{_text(s.patient_name)}</b>")
    if s.date_of_birth:
        who.append(_text(_("born %(day)s") % {"day": day_month_year(s.date_of_birth)}))
    if s.cramps_began:
        who.append(
            _text(_("cramps began: %(when)s (before the journal)") % {"when": s.cramps_began})
        )
    if who:
        story.append(_p(" · ".join(who)))
    meta = [
        _("Range: %(range)s") % {"range": s.range_text},
        _("Generated on %(day)s") % {"day": day_month_year(s.generated_on)},
        _("Nights run 18:00-12:00, local time."),
    ]
    story.append(_p(_text(" · ".join(meta)), "meta"))
    return story


def _label_width(labels, least):
    """Room for the longest label on one line (labels are longer in some languages),
    from `least` up to 40 mm."""
    widest = max(
        (pdfmetrics.stringWidth(str(label), _fonts()[1], 8) for label in labels), default=0
    )
    return min(max(least, widest + 7), 40 * mm)


def _headline(s, charts, frame_width):
    """The headline's numbers, with the weekly trend chart (medicine periods marked) beside them."""
    pairs = s.headline.rows()
    rows = [[_p(f"<b>{_text(label)}</b>", "cell"), text] for label, text in pairs]
    labels = [label for label, _text_ in pairs]
    if not charts.get("trend"):
        first = _label_width(labels, 31 * mm)
        return _section(
            _text(_("Headline")),
            [_table(rows, [first, frame_width - first], header=False)],
        )
    chart = _chart(charts["trend"], frame_width * 0.3)
    width = frame_width - chart.drawWidth - 3 * mm
    first = _label_width(labels, 30 * mm)
    table = _table(rows, [first, width - first], header=False)
    pair = Table([[table, chart]], colWidths=[width + 3 * mm, chart.drawWidth], hAlign="LEFT")
    pair.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return _section(_text(_("Headline")), [pair])


def _red_flags(s, frame_width):
    heading = _text(_("Red flags logged"))
    if not s.red_flags:
        return _section(heading, [_p(_text(_("None logged in this range.")))])
    rows = [_bold_header(_("When"), _("What was logged"), _("Guidance (source)"))]
    for flag in s.red_flags:
        rows.append(
            [
                flag.when_text,
                f"{flag.what} ({flag.muscles})",
                _p(f"{_text(flag.guidance)} <i>{_text(flag.source)}</i>", "cell"),
            ]
        )
    return _section(heading, _tables(rows, [22 * mm, 44 * mm, frame_width - 66 * mm]))


def _visit_prompts(s):
    if not s.visit_prompts:
        return []
    blocks = [
        _p(
            "• "
            + _text(
                _("%(logged)s Guidance: %(guidance)s")
                % {"logged": p.logged, "guidance": p.guidance}
            )
            + f" <i>{_text(p.source_text)}</i>",
            "small",
        )
        for p in s.visit_prompts
    ]
    return _section(_text(_("Reasons to book a visit (last 28 nights of the range)")), blocks)


def _medication_rows(s):
    rows = [
        _bold_header(
            _("Medicine and dose"),
            pgettext("kind of medicine", "Class"),
            pgettext("medicine", "Started"),
            pgettext("medicine", "Stopped"),
        )
    ]
    for med in s.medications:
        drug_class = _text(med.drug_class)
        if med.flagged:
            drug_class += " <b>*</b>"
        rows.append(
            [
                f"{med.name} {med.dose}".strip(),
                _p(drug_class, "cell"),
                day_month_year(med.started_on),
                day_month_year(med.stopped_on) if med.stopped_on else _("still taking"),
            ]
        )
    return rows


def _medications(s, frame_width):
    if s.medications:
        widths = [66 * mm, frame_width - 116 * mm, 25 * mm, 25 * mm]
        blocks = _tables(_medication_rows(s), widths)
    else:
        blocks = [_p(_text(_("No medicines logged.")))]
    if s.association_note:
        blocks.append(_p(f"<i>{_text(s.association_note)}</i>", "caveat"))
    if s.medication_changes is None:
        blocks.append(_p(_text(_("Before/after comparison unavailable.")), "small"))
    elif s.medication_changes:
        for change in s.medication_changes:
            blocks.append(
                _p(f"{_text(change.sentence)} <i>{_text(change.verdict_label)}</i>", "small")
            )
        if s.changes_need_caveat:
            blocks.append(_p(f"<i>{_text(s.medicine_caveat)}</i>", "caveat"))
    return _section(_text(_("Medications")), blocks)


def _condition_text(c):
    label = f"<b>{_text(c.label)}</b>"
    values = {
        "condition": label,
        "start": _text(day_month_year(c.started_on)),
        "end": _text(day_month_year(c.ended_on)),
    }
    # The sentences are translated with the placeholders in them, then filled with
    # markup that is already escaped.
    if c.started_on and c.ended_on:
        text = _text(_("%(condition)s, since %(start)s until %(end)s")) % values
    elif c.started_on:
        text = _text(_("%(condition)s, since %(start)s")) % values
    elif c.ended_on:
        text = _text(_("%(condition)s until %(end)s")) % values
    else:
        text = label
    if c.notes:
        text = _text(_("%(condition)s: %(notes)s")) % {"condition": text, "notes": _text(c.notes)}
    return text


def _conditions(s):
    blocks = [_p(_condition_text(c)) for c in s.conditions] or [
        _p(_text(pgettext("conditions", "None logged.")))
    ]
    return _section(_text(_("Conditions")), blocks)


def _triggers(s):
    blocks = [_p(_text(s.trigger_status_text))]
    for trigger in s.possible_links:
        heading = _("%(verdict)s: %(factor)s.") % {
            "verdict": trigger.verdict_label,
            "factor": trigger.label,
        }
        blocks.append(_p(f"<b>{_text(heading)}</b> {_text(trigger.sentence)}"))
    if s.no_clear:
        blocks.append(_p(_text(no_clear_text(s.no_clear)), "small"))
    if s.trigger_status == "ready":
        caveat = str(s.trigger_caveat)
        if s.any_medication_caveat:
            caveat += " " + str(s.medicine_caveat)
        blocks.append(_p(f"<i>{_text(caveat)}</i>", "caveat"))
    return _section(_text(_("Possible triggers")), blocks)


def _relief(s):
    if s.relief:
        tried = "; ".join(f"{_text(r.label)} {r.tried} ({r.helped_most})" for r in s.relief)
        # Translators: keep the <b>…</b> markup around the words that start the line.
        blocks = [
            _p(
                _("<b>After a cramp</b>, times tried (times it helped most): %(tried)s.")
                % {"tried": tried}
            )
        ]
    else:
        blocks = [_p(_text(_("No relief logged.")))]
    if s.treatments:
        taken = "; ".join(_text(t.text) for t in s.treatments)
        # Translators: keep the <b>…</b> markup around the words that start the line.
        blocks.append(
            _p(
                _("<b>Supplements and cramp medicines</b> (from the medicine list): %(taken)s.")
                % {"taken": taken}
            )
        )
    return _section(_text(_("Relief and treatments tried")), blocks)


def _questions(s):
    if not s.questions:
        return []
    blocks = [_p(f"{n}. {_text(q)}") for n, q in enumerate(s.questions, start=1)]
    return _section(_text(_("My questions")), blocks)


def _story(summary, charts, frame_width):
    s = summary
    return [
        *_header(s),
        *_headline(s, charts, frame_width),
        *_red_flags(s, frame_width),
        *_visit_prompts(s),
        *_medications(s, frame_width),
        *_conditions(s),
        *_when_where(s),
        *_triggers(s),
        *_relief(s),
        *_questions(s),
        Spacer(1, 3),
        _p(_text(s.app_note), "caveat"),
    ]


def _when_where(s):
    """The time-of-night and muscle counts, one line each."""
    heading = _text(_("When and where"))
    if not s.has_cramps:
        return _section(heading, [_p(_text(_("No cramps logged in this range.")))])
    times = "; ".join(f"{_text(r.label)}: {r.count}" for r in s.time_of_night)
    muscles = "; ".join(
        f"{_text(r.label)} {r.count}" + (f" ({_text(r.detail)})" if r.detail else "")
        for r in s.muscles
    )
    return _section(
        heading,
        [
            _p(f"<b>{_text(_('Time of night'))}</b> {times}."),
            _p(f"<b>{_text(_('Muscles'))}</b> {muscles}."),
        ],
    )


def render_summary_pdf(summary, charts=None, paper="a4") -> bytes:
    """The summary as PDF bytes. `charts` maps "trend" (see PDF_CHARTS) to PNG bytes."""
    pagesize = PAPER_SIZES[paper]
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 2 * mm,
        title=_("CrampLog summary %(first)s to %(last)s")
        % {"first": day_month_year(summary.first), "last": day_month_year(summary.last)},
        author="CrampLog",
        subject=_("Night-time muscle cramp journal summary"),
        creator="CrampLog",
    )

    class Canvas(_NumberedCanvas):
        footer = _("CrampLog summary %(first)s to %(last)s · generated on %(day)s") % {
            "first": day_month_year(summary.first),
            "last": day_month_year(summary.last),
            "day": day_month_year(summary.generated_on),
        }

    doc.build(_story(summary, charts or {}, doc.width), canvasmaker=Canvas)
    return out.getvalue()
