"""Every page reads in the user's language: no English left on a German or Spanish page.

alice's journal is a demo journal (so the insights have sentences to say) plus
one row of every kind (so every URL of the route table can be built). Each
page she can open is fetched in German and in Spanish, and its visible text
(and the attributes people hear: title, alt, aria-label, placeholder) is
searched for common English words. Text the user typed is hers and is left
out (the demo's notes are emptied); titles of published sources stay as
published and are marked lang="en", which is also what a screen reader needs
to pronounce them.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from journal.models import Cramp, DayContext, Medication, NightCheckIn
from tests.security.journal_data import ALICE_MARKERS, fill
from tests.security.routes import KNOWN, PUBLIC, PUBLIC_NOT_PAGES, url_for

# Common English words of the app's sentences that are not words of German or Spanish
# (so not "no", "in", "an", "doctor" or "was", which are).
ENGLISH = {
    "the", "and", "your", "you", "with", "night", "nights", "cramp", "cramps", "this",
    "what", "when", "not", "for", "from", "before", "after", "since", "more", "less",
    "than", "week", "weeks", "day", "days", "save", "saved", "edit", "delete", "cancel",
    "yes", "how", "which", "about", "could", "would", "should", "there", "they", "have",
    "were", "been", "can", "only", "each", "every", "other", "enough", "yet", "possible",
    "settings", "password", "today", "yesterday", "left", "right", "both", "calf",
    "foot", "thigh", "stopped", "started", "none", "any", "some", "of", "to", "on",
    "or", "is", "are", "it", "at", "by",
}  # fmt: skip
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
WORD = re.compile(r"[^\W\d_]+")
SIGNED_IN = sorted(key for key, route in KNOWN.items() if route.get and route.html)
SIGNED_OUT = sorted(set(PUBLIC) - PUBLIC_NOT_PAGES - {"password_reset_confirm"})


class EnglishWords(HTMLParser):
    """English words in what people read or hear, outside lang="en" and <script>."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.found = [], []

    def hidden(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = tag in ("script", "style", "template") or (attributes.get("lang") or "x").startswith(
            "en"
        )
        if not (skip or self.hidden()):
            for name in READ_ATTRIBUTES:
                self.look(attributes.get(name) or "")
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.hidden():
            self.look(data)

    def look(self, text):
        for word in WORD.findall(text):
            # All capitals: the journal's own markers (ALICE-DAY-NOTE), not a sentence.
            if word.lower() in ENGLISH and not word.isupper():
                start = max(text.find(word) - 30, 0)
                self.found.append(" ".join(text[start : start + 70].split()))


def report(found):
    return "English left:\n" + "\n".join(
        f"  {key}: {snippet}" for key, snippets in found.items() for snippet in snippets
    )


def english_in(html):
    parser = EnglishWords()
    parser.feed(html)
    parser.close()
    return sorted(set(parser.found))


def test_the_check_finds_english_and_spares_published_titles():
    assert english_in("<p>Log a cramp</p>") == ["Log a cramp"]
    assert english_in('<button aria-label="Close the night">x</button>') == ["Close the night"]
    page = (
        '<p>Krampf eintragen</p><cite lang="en">Leg cramps in the night</cite>'
        "<script>const s = 'the night';</script><p>Waden · 250 ml</p>"
    )
    assert english_in(page) == []


@pytest.fixture
def full_journal(alice):
    from insights.management.commands.seed_demo import seed_demo_user

    seed_demo_user("alice", days=120, seed=3, force=True)
    # What alice typed is hers, in whatever language she typed it.
    for model in (Cramp, NightCheckIn, DayContext, Medication):
        model.objects.filter(owner=alice).update(notes="")
    # One row of every kind, on a night before the demo's first.
    first = Cramp.objects.filter(owner=alice).order_by("journal_day").first().journal_day
    return fill(alice, ALICE_MARKERS, night=first - timedelta(days=3))


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_signed_in_page_is_in_the_users_language(client, alice, full_journal, language):
    alice.profile.language = language
    alice.profile.save()
    client.force_login(alice)
    found = {}
    for key in SIGNED_IN:
        route = KNOWN[key]
        response = client.get(
            url_for(key, full_journal), route.query(full_journal) if route.query else None
        )
        assert response.status_code == 200, key
        assert response["Content-Language"] == language, key
        html = response.content.decode()
        if "<html" in html:  # a whole page, not an htmx fragment
            assert re.search(rf'<html[^>]* lang="{language}"', html), key
        if english := english_in(html):
            found[key] = english
    assert not found, report(found)


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_signed_out_page_follows_the_browser(client, db, language):
    found = {}
    for key in SIGNED_OUT:
        response = client.get(
            url_for(key, None), headers={"accept-language": f"{language},en;q=0.5"}
        )
        assert response.status_code == 200, key
        assert response["Content-Language"] == language, key
        html = response.content.decode()
        if "<html" in html:  # a whole page, not an htmx fragment
            assert re.search(rf'<html[^>]* lang="{language}"', html), key
        if english := english_in(html):
            found[key] = english
    assert not found, report(found)
