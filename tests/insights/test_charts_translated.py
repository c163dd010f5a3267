"""Charts and week labels read in the reader's language.

Each chart's matplotlib figure is built under German (and one under Spanish),
drawn without rendering so every tick label exists, and every Text artist's
text (title, axis labels, tick labels, legend, annotations) is searched for
common English words. Names the caller passes in (muscle labels, factor and
relief names, medicines) are the user's or another module's and are given in
German or left neutral here.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from matplotlib.text import Text

from insights import charts, weekly
from insights.charts import context, duration, forest, muscles, nightly, relief, time_of_night
from insights.charts import trend as trend_module
from insights.charts.style import PALETTES
from tests.insights.test_charts import CHARTS, TYPICAL_CRAMPS, week_nights
from tests.insights.test_week_factories import alice_week_13, parse_svg, svg_title
from tests.test_i18n_pages import ENGLISH, WORD

MODULES = (context, duration, forest, muscles, nightly, relief, time_of_night, trend_module)
GERMAN_MUSCLES = {"calf": "Wade", "foot": "Fuß / Zehen"}
# A label each chart's typical figure shows in German, written out by hand.
GERMAN = {
    "nightly": "Krämpfe (Anzahl)",
    "time_of_night": "Uhrzeit nachts (Ortszeit, Stundenbeginn)",
    "muscles": "Links",
    "duration": "Stärke (0–10)",
    "context": "Bewegung (Min.)",
    "trend": "Krämpfe pro Woche",
    "severity": "Dauer (Min.)",
    "forest": "Ratenverhältnis (logarithmische Skala)",
    "relief": "Mediane Krampfdauer (Minuten)",
}


@pytest.fixture
def figures(monkeypatch):
    """Chart calls return their matplotlib Figure instead of encoded bytes."""

    def keep_figure(draw, title, *args, theme="light", fmt="svg", **kwargs):
        fig = draw(*args, palette=PALETTES[theme], title=str(title), **kwargs)
        fig.draw_without_rendering()  # makes the tick labels
        return fig

    for module in MODULES:
        monkeypatch.setattr(module, "render", keep_figure)


def texts(fig):
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def english_words(strings):
    return sorted(
        {word for text in strings for word in WORD.findall(text) if word.lower() in ENGLISH}
    )


def build(chart, case):
    if chart == "muscles":
        # The muscle names are the caller's (journal.models.Muscle): given in German.
        cramps = {"typical": TYPICAL_CRAMPS, "empty": []}[case]
        return charts.muscles_chart(cramps, labels=GERMAN_MUSCLES)
    return CHARTS[chart][case]()


# The muscles chart draws the caller's names (journal.models.Muscle): its
# single and ten-year drawings are the typical one's, so they are not repeated.
CASES = [
    (chart, case)
    for chart in CHARTS
    for case in ("empty", "single", "typical", "ten_years")
    if not (chart == "muscles" and case in ("single", "ten_years"))
]


@pytest.mark.parametrize(("chart", "case"), CASES)
def test_chart_has_no_english_in_german(figures, chart, case):
    with translation.override("de"):
        shown = texts(build(chart, case))
    assert shown
    assert english_words(shown) == [], shown
    if case == "typical":
        assert any(GERMAN[chart] in text for text in shown), shown


def test_german_ticks_use_german_names_and_decimal_commas(figures):
    with translation.override("de"):
        nightly_texts = texts(CHARTS["nightly"]["typical"]())
        months = texts(CHARTS["nightly"]["ten_years"]())
        relief_texts = texts(CHARTS["relief"]["typical"]())
        forest_texts = texts(CHARTS["forest"]["typical"]())
    assert "Mo\n23" in nightly_texts  # weekday under the bar, from Django's German dates
    assert "hatched" not in " ".join(nightly_texts)
    assert any(text.startswith("Q") for text in months) or any(
        word in " ".join(months) for word in ("Mär", "Mai", "Okt", "Dez")
    )
    assert "0,1" in forest_texts and "0.1" not in forest_texts
    assert "Beobachtet: kein Test, was wirkt" in relief_texts
    assert not [t for t in relief_texts if "." in t and t.replace(".", "").isdigit()]


def test_spanish_chart(figures):
    with translation.override("es"):
        shown = texts(CHARTS["nightly"]["typical"]())
        trend = texts(CHARTS["trend"]["typical"]())
    assert english_words(shown + trend) == [], shown + trend
    assert "Calambres por noche" in shown
    assert "Calambres (número)" in shown
    assert "lun\n23" in shown
    assert "Media de 4 semanas" in trend


def test_english_is_unchanged(figures):
    with translation.override("en"):
        shown = texts(CHARTS["nightly"]["typical"]())
    assert "Cramps per night" in shown and "Mon\n23" in shown
    assert "Night (evening date)\nhatched: not logged" in shown


def test_week_label_in_each_language():
    monday = date(2026, 3, 23)
    with translation.override("en"):
        assert weekly.week_label(monday) == "23 Mar 2026"
    with translation.override("de"):
        assert weekly.week_label(monday) == "23. März 2026"
    with translation.override("es"):
        assert weekly.week_label(monday) == "23 mar 2026"


def test_tables_and_night_labels_translate():
    with translation.override("de"):
        table = weekly.nightly_table(week_nights([1, 2, 0, None, 1, None, 0]))
        hours = weekly.hour_table(TYPICAL_CRAMPS)
        assert weekly.short_date(date(2026, 12, 1)) == "Di., 1. Dez."
        assert weekly.format_number(1.25) == "1,2"
    assert table.caption == "Krämpfe pro Nacht"
    assert table.columns == ("Nacht", "Krämpfe", "Eingetragene Nächte")
    assert table.rows[0] == ("Mo., 23. März", "1", "1 von 1")
    assert table.rows[3][1] == "nicht eingetragen"
    assert table.summary == (
        "Krämpfe pro Nacht: 4 Krämpfe, 5 eingetragene Nächte; 2 Nächte nicht eingetragen."
    )
    all_text = [table.caption, *table.columns, table.summary, hours.caption, hours.summary]
    assert english_words(all_text) == [], all_text
    with translation.override("es"):
        assert weekly.short_date(date(2026, 12, 1)) == "mar 1 dic"


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("empty_cache")
def test_chart_image_is_drawn_and_cached_in_the_users_language(alice_client, alice):
    alice_week_13(alice)
    url = reverse("insights:chart", kwargs={"name": "nightly"}) + "?week=2026-W13&theme=light"
    english = alice_client.get(url)
    assert svg_title(parse_svg(english.content)) == "Cramps per night"
    alice.profile.language = "de"
    alice.profile.save()
    german = alice_client.get(url)
    assert svg_title(parse_svg(german.content)) == "Krämpfe pro Nacht"
    assert "Nacht (Datum des Abends)" in german.content.decode()
    assert german["ETag"] != english["ETag"]
    # The English image's ETag does not answer a German request with 304.
    assert alice_client.get(url, HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200
    # The trends page's range names and a table caption are German too.
    page = alice_client.get(reverse("insights:trends")).content.decode()
    assert "12 Wochen" in page and "Anzahl pro Woche" in page


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_chart_keeps_its_layout_with_longer_words(client, alice, language):
    """Longer German and Spanish names (muscles, sides, axis titles) must not squeeze a
    chart's plot to nothing: matplotlib warns when its layout gives up, and the test
    turns that warning into a failure (it did for the muscles chart in German)."""
    import warnings

    from insights.chart_views import SPECS
    from insights.management.commands.seed_demo import seed_demo_user

    seed_demo_user("alice", days=120, seed=3, force=True)
    alice.profile.language = language
    alice.profile.save()
    client.force_login(alice)
    week = alice.cramps.order_by("-journal_day").first().journal_day.isocalendar()
    for name in SPECS:
        for query in ({"range": "12w"}, {"week": f"{week[0]}-W{week[1]:02d}"}):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                response = client.get(f"/insights/charts/{name}.svg", {**query, "theme": "light"})
            assert response.status_code == 200, (name, query)
