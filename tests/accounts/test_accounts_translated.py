"""The account's pages, mails and the installable app speak the visitor's language.

Expected phrases are written out by hand (not read from the catalogs), so a
wrong or missing translation fails here.
"""

import json
import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cramplog import errors

GERMAN = {"accept-language": "de-DE,de;q=0.9,en;q=0.5"}
SPANISH = {"accept-language": "es-ES,es;q=0.9"}


def page_catalog(html):
    """The JavaScript catalog a page carries for app.js (base.html, json_script)."""
    data = re.search(
        r'<script id="javascript-catalog" type="application/json">(.*?)</script>', html
    )
    return json.loads(data.group(1))


def test_the_password_reset_mail_goes_out_in_the_browsers_language(client, alice):
    alice.email = "alice@example.org"
    alice.save()
    response = client.post(
        reverse("password_reset"), {"email": "alice@example.org"}, headers=GERMAN
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Setzen Sie Ihr CrampLog-Passwort zurück"
    assert (
        "Jemand hat das Zurücksetzen des Passworts für das CrampLog-Konto „alice“ angefordert."
        in message.body
    )
    assert "Um ein neues Passwort zu wählen, öffnen Sie diesen Link:" in message.body
    assert "Wenn Sie das nicht waren, ignorieren Sie diese E-Mail" in message.body
    assert "/accounts/reset/" in message.body
    assert "password" not in message.body.lower().replace("/accounts/", "")


def test_the_confirmation_mail_of_a_spanish_sign_up_is_spanish(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.org",
            "password1": "a-long-new-passphrase-9",
            "password2": "a-long-new-passphrase-9",
            "time_zone": "Europe/Madrid",
        },
        headers=SPANISH,
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Confirma tu correo electrónico para CrampLog"
    assert "la cuenta de CrampLog «carol»" in message.body
    assert "El enlace funciona durante 3 días." in message.body
    assert "/accounts/email/verify/" in message.body


def test_the_manifest_describes_the_app_in_spanish(client, db):
    manifest = json.loads(client.get(reverse("manifest"), headers=SPANISH).content)
    assert manifest["lang"] == "es"
    assert manifest["name"] == manifest["short_name"] == "CrampLog"
    assert manifest["description"] == "Un diario privado para los calambres musculares nocturnos."
    assert [s["name"] for s in manifest["shortcuts"]] == [
        "Registrar un calambre",
        "Registro de la mañana",
    ]


def test_a_german_page_carries_app_js_words_in_german(client, db):
    page = client.get(reverse("login"), headers=GERMAN).content.decode()
    catalog = page_catalog(page)
    # Read by app.js, so it comes before it.
    assert page.index('id="javascript-catalog"') < page.index("cramplog/app.js")
    assert catalog["Dismiss"] == "Ausblenden"
    assert catalog["Offline: will send when connected"].startswith("Offline: wird gesendet")
    # Only CrampLog's own words, not the admin's calendar.
    assert "January" not in catalog
    spanish = page_catalog(client.get(reverse("login"), headers=SPANISH).content.decode())
    assert spanish["Dismiss"] != "Ausblenden"
    assert page_catalog(client.get(reverse("login")).content.decode()) == {}  # English


def test_the_service_worker_speaks_german(client, db):
    body = client.get(reverse("service_worker"), headers=GERMAN).content.decode()
    assert 'lang="de"' in body and "lang=en" not in body
    assert "<h1>Sie sind offline</h1>" in body
    assert "Diese Seite braucht eine Verbindung zu Ihrem Tagebuch." in body
    assert "You are offline" not in body
    english = client.get(reverse("service_worker")).content.decode()
    assert 'lang="en"' in english and "You are offline" in english


def test_the_language_form_switches_a_signed_out_visitor_to_spanish(client, db):
    login = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in login
    assert '<option value="es" lang="es">Español</option>' in login
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    page = client.get(reverse("login"))
    assert page["Content-Language"] == "es"
    html = page.content.decode()
    assert '<html lang="es"' in html and "Tu diario de calambres, privado para ti." in html
    assert '<option value="es" lang="es" selected>Español</option>' in html
    signup = client.get(reverse("signup")).content.decode()
    assert "Crea tu diario" in signup and "Cambiar idioma" in signup


def test_the_language_form_is_on_the_sign_up_page_too(client, db):
    signup = client.get(reverse("signup"), headers=GERMAN).content.decode()
    assert f'action="{reverse("set_language")}"' in signup
    assert "Sprache ändern" in signup


@pytest.mark.parametrize(
    ("language", "heading"), [("de", "Etwas ist schiefgegangen"), ("es", "Algo ha salido mal")]
)
def test_the_server_error_page_follows_the_language(language, heading):
    request = RequestFactory().get("/")
    with translation.override(language):
        html = errors.server_error(request).content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_the_settings_offer_the_language_first_with_a_help_text(alice_client, alice):
    alice.profile.language = "de"
    alice.profile.save()
    html = alice_client.get(reverse("account_settings")).content.decode()
    assert html.index('name="language"') < html.index('name="time_zone"')
    assert "Die Sprache, in der CrampLog auf jedem Gerät mit Ihnen spricht." in html
    assert "<h1>Einstellungen</h1>" in html
