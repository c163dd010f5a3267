"""The translation catalogs are complete, current and used everywhere.

- Every shipped catalog (locale/<language>/LC_MESSAGES/*.po) translates every
  message, with no fuzzy entry and the same placeholders as the English.
- Gathering the marked strings afresh from the code (what `make messages`
  does) finds nothing the shipped catalogs lack: a newly marked string fails
  here until it is translated.
- No template shows a word that is not marked for translation: text between
  tags, the attributes people read or hear (title, alt, placeholder,
  aria-label, value of a button) and literal strings passed to tags.
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
DOMAINS = ["django", "djangojs"]
CATALOGS = [(language, domain) for language in LANGUAGES for domain in DOMAINS]

# Names and units that read the same in every shipped language.
SAME_IN_EVERY_LANGUAGE = {"CrampLog", "ml", "PDF", "CSV", "JSON", "UTC", "ID", "URL"}


def read_catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=True)


def catalog_path(root, language, domain):
    return Path(root) / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def problems(catalog):
    """Untranslated, fuzzy and placeholder-mismatched messages, by msgid."""
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"untranslated: {message.id!r}")
    for message, errors in catalog.check():
        found.extend(f"{error}: {message.id!r}" for error in errors)
    return found


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_the_shipped_catalog_translates_every_message(language, domain):
    catalog = read_catalog(catalog_path(ROOT, language, domain))
    assert catalog.locale is not None and str(catalog.locale) == language
    assert problems(catalog) == []


needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)


@pytest.fixture(scope="module")
def fresh_catalogs(tmp_path_factory):
    """The catalogs as `make messages` would leave them, made in a copy of the code."""
    copy = tmp_path_factory.mktemp("messages")
    for name in ("accounts", "cramplog", "export", "insights", "journal", "templates", "static"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    languages = list(LANGUAGES)
    common = {"locale": languages, "add_location": "file", "no_obsolete": True, "verbosity": 0}
    cwd = Path.cwd()
    try:
        import os

        os.chdir(copy)
        with settings_locale_paths(copy / "locale"):
            call_command(
                "makemessages",
                extensions=["html", "txt", "py", "js"],
                ignore_patterns=["static"],
                **common,
            )
            call_command("makemessages", domain="djangojs", ignore_patterns=["templates"], **common)
    finally:
        os.chdir(cwd)
    return copy


class settings_locale_paths:
    def __init__(self, path):
        from django.test import override_settings

        self.override = override_settings(LOCALE_PATHS=[path])

    def __enter__(self):
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()


@needs_gettext
@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_every_marked_string_is_in_the_shipped_catalog(fresh_catalogs, language, domain):
    shipped = {m.id for m in read_catalog(catalog_path(ROOT, language, domain)) if m.id}
    fresh = read_catalog(catalog_path(fresh_catalogs, language, domain))
    missing = sorted(str(m.id) for m in fresh if m.id and m.id not in shipped)
    assert missing == [], "marked but not in the catalog: run `make messages` and translate"
    assert problems(fresh) == []


# --- Unmarked template text ---------------------------------------------------------

TEMPLATES = sorted(
    path.relative_to(ROOT / "templates").as_posix()
    for path in (ROOT / "templates").rglob("*")
    if path.suffix in (".html", ".txt")
)
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
WORD = re.compile(r"[^\W\d_]{2,}")
PLACEHOLDER = "\x00"
# Tags whose string arguments are names of things, not words for people.
NAME_TAGS = {
    "extends", "load", "url", "static", "partial", "partialdef", "cache",
    "block", "csrf_token", "htmx_script", "now", "cycle", "firstof", "spaceless",
}  # fmt: skip
LITERAL = re.compile(r"""(?<![_\w])(["'])(.*?)\1""")


def words(text):
    return [w for w in WORD.findall(text) if w not in SAME_IN_EVERY_LANGUAGE]


def template_text(source):
    """The template with every tag and variable replaced by a placeholder, the
    contents of {% blocktranslate %} and {% comment %} left out, and the
    literal strings of tags and filters that are not marked for translation."""
    out, literals, skip_until = [], [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skip_until:
                if name == skip_until:
                    skip_until = None
                continue
            if name in ("blocktranslate", "blocktrans"):
                skip_until = "end" + name
            elif name == "comment":
                skip_until = "endcomment"
            elif name not in ("translate", "trans") and name not in NAME_TAGS:
                literals += unmarked_literals(token.contents)
            out.append(PLACEHOLDER)
        elif skip_until:
            continue
        elif token.token_type == TokenType.VAR:
            literals += unmarked_literals(token.contents)
            out.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT:
            out.append(token.contents)
    return "".join(out), literals


def unmarked_literals(contents):
    found = []
    for match in LITERAL.finditer(contents):
        before = contents[: match.start()]
        if before.endswith("_("):
            continue
        value = match.group(2)
        if " " in value.strip() or re.fullmatch(r"[A-Z][a-z]+", value):
            found += words(value)
    return found


class VisibleText(HTMLParser):
    """Text people read or hear: data outside <script>/<style>, and read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            self.found += words(attributes.get(name) or "")
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.found += words(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.found += words(data)


def unmarked_words(source, is_html=True):
    text, literals = template_text(source)
    if not is_html:
        return literals + words(text)
    parser = VisibleText()
    parser.feed(text)
    parser.close()
    return literals + parser.found


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_string_is_marked_for_translation(name):
    path = ROOT / "templates" / name
    assert unmarked_words(path.read_text(), is_html=path.suffix == ".html") == []


def test_the_template_check_finds_unmarked_text():
    assert unmarked_words("<p>Log a cramp</p>") == ["Log", "cramp"]
    assert unmarked_words('<button aria-label="Close">×</button>') == ["Close"]
    assert unmarked_words('<input type="submit" value="Save it">') == ["Save", "it"]
    assert unmarked_words('{{ value|default:"None yet" }}') == ["None", "yet"]
    assert unmarked_words('{% include "x.html" with label="Stop now" %}') == ["Stop", "now"]
    assert unmarked_words("<p>{{ n }} min</p>") == ["min"]
    marked = (
        '<p>{% translate "Log a cramp" %}</p>{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}'
        '{{ value|default:_("None yet") }}<script>let x = "Some words";</script>'
        "{% comment %}Not shown{% endcomment %}<p>CrampLog · 250 ml</p>"
    )
    assert unmarked_words(marked) == []
