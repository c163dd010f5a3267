"""Password recovery end to end, through a real SMTP server on localhost."""

import email
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.cramplog.test_settings import run_manage

User = get_user_model()


class Inbox:
    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
            self.arrived.notify_all()
        return "250 OK"

    def body(self, index):
        message = self.messages[index][1]
        part = message.get_payload(decode=True) if not message.is_multipart() else None
        return part.decode() if part else message.get_payload(0).get_payload(decode=True).decode()


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port: the controller cannot start on port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_RECOVERY = True
    yield inbox
    controller.stop()


def link_in(body):
    return re.search(r"https?://testserver(/\S+)", body).group(1)


def test_settings_read_email_from_the_environment_and_send_through_smtp(smtp, settings):
    result = run_manage(
        ["sendtestemail", "ops@example.org"],
        DEBUG="true",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(settings.EMAIL_PORT),
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="CrampLog <cramplog@example.org>",
    )
    assert result.returncode == 0, result.stderr
    assert smtp.messages[0][0] == ["ops@example.org"]
    assert smtp.messages[0][1]["From"] == "CrampLog <cramplog@example.org>"


@pytest.mark.django_db
def test_sign_up_with_email_confirm_it_forget_the_password_and_reset_it(client, smtp):
    client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.org",
            "password1": "a-long-new-passphrase-9",
            "password2": "a-long-new-passphrase-9",
            "time_zone": "Europe/Berlin",
        },
    )
    carol = User.objects.get(username="carol")
    assert carol.email == ""  # not before the link is opened
    assert smtp.messages[0][0] == ["carol@example.org"]
    # Unconfirmed: no reset link goes out.
    client.post(reverse("logout"))
    client.post(reverse("password_reset"), {"email": "carol@example.org"})
    assert len(smtp.messages) == 1

    page = client.get(link_in(smtp.body(0))).content.decode()
    assert "Email confirmed" in page
    carol.refresh_from_db()
    assert carol.email == "carol@example.org"

    done = client.post(reverse("password_reset"), {"email": "carol@example.org"}, follow=True)
    assert "a reset link is on its way" in done.content.decode()
    assert smtp.messages[1][0] == ["carol@example.org"]
    confirm = client.get(link_in(smtp.body(1)), follow=True)
    form_url = confirm.redirect_chain[-1][0]
    client.post(
        form_url,
        {"new_password1": "another-passphrase-77", "new_password2": "another-passphrase-77"},
    )
    response = client.post(
        reverse("login"), {"username": "carol", "password": "another-passphrase-77"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("journal:home")


def test_a_changed_or_old_link_confirms_nothing(client, alice, smtp, monkeypatch):
    client.force_login(alice)
    client.post(reverse("account_settings"), {"email_form": "1", "email": "a@example.org"})
    url = link_in(smtp.body(0))
    response = client.get(url[:-3] + "xx/")
    assert "does not work" in response.content.decode()
    from django.core import signing

    real = signing.loads
    monkeypatch.setattr(
        "django.core.signing.loads",
        lambda *a, **k: real(*a, **{**k, "max_age": -1}),
    )
    assert "does not work" in client.get(url).content.decode()
    alice.refresh_from_db()
    assert alice.email == ""


def test_settings_add_and_remove_the_email(alice_client, alice, smtp):
    page = alice_client.get(reverse("account_settings")).content.decode()
    assert "a forgotten password cannot be reset" in page
    alice_client.post(reverse("account_settings"), {"email_form": "1", "email": "a@example.org"})
    alice_client.get(link_in(smtp.body(0)))
    alice.refresh_from_db()
    assert alice.email == "a@example.org"
    assert "(confirmed)" in alice_client.get(reverse("account_settings")).content.decode()
    alice_client.post(reverse("account_settings"), {"email_form": "1", "email": ""})
    alice.refresh_from_db()
    assert alice.email == ""
    profile = alice.profile
    assert profile.time_zone == "Europe/Berlin"  # the profile form was not touched


def test_without_mail_nothing_promises_a_reset(client, alice, settings):
    settings.EMAIL_RECOVERY = False
    login = client.get(reverse("login")).content.decode()
    assert "Forgot your password?" in login and "there is no reset by email" in login
    assert reverse("password_reset") not in login and reverse("recover") in login
    page = client.get(reverse("password_reset")).content.decode()
    assert "Password reset is not available" in page and "<form" not in page.split("<main")[1]
    assert client.post(reverse("password_reset"), {"email": "x@example.org"}).status_code == 200
    signup = client.get(reverse("signup")).content.decode()
    assert 'name="email"' not in signup


def test_sign_up_help_in_plain_words_and_password_errors_on_the_password(client, db):
    page = client.get(reverse("signup")).content.decode()
    assert "Required. 150 characters or fewer" not in page
    assert "Enter the same password as before" not in page
    response = client.post(
        reverse("signup"),
        {"username": "dave", "password1": "12345678", "password2": "12345678", "time_zone": "UTC"},
    )
    errors = response.context["form"].errors
    assert "This password is entirely numeric." in errors["password1"]
    assert "password2" not in errors


# --- Recovery codes -----------------------------------------------------------------


def sign_up(client, username="carol"):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "password1": "a-long-new-passphrase-9",
            "password2": "a-long-new-passphrase-9",
            "time_zone": "Europe/Berlin",
        },
        follow=True,
    )


def codes_on(page):
    return re.findall(r"<code>([a-z0-9-]+)</code>", page)


def recover(client, username, code, password="a-fresh-passphrase-55"):
    return client.post(
        reverse("recover"),
        {
            "username": username,
            "code": code,
            "new_password1": password,
            "new_password2": password,
        },
    )


def logs_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


@pytest.mark.django_db
def test_sign_up_shows_eight_recovery_codes_once_and_one_sets_a_new_password(client, settings):
    settings.EMAIL_RECOVERY = False  # the codes work on a server without mail
    page = sign_up(client).content.decode()
    codes = codes_on(page)
    assert len(codes) == 8 and len(set(codes)) == 8
    assert "shown only this once" in page
    again = client.get(reverse("recovery_codes")).content.decode()
    assert codes_on(again) == [] and "8 unused recovery codes" in again
    client.post(reverse("logout"))
    login = client.get(reverse("login")).content.decode()
    assert "Use a recovery code" in login and "Get a reset link by email" not in login

    response = recover(client, "carol", codes[3].upper())  # case and dashes do not matter
    assert response.status_code == 302
    assert logs_in(client, "carol", "a-fresh-passphrase-55")
    client.post(reverse("logout"))
    # Used up.
    page = recover(client, "carol", codes[3], "yet-another-phrase-66").content.decode()
    assert "That user name and recovery code do not match." in page
    assert not logs_in(client, "carol", "yet-another-phrase-66")


def test_a_code_works_only_for_its_own_account(client, alice, bob):
    from accounts.models import RecoveryCode

    bobs = RecoveryCode.objects.replace_for(bob)
    page = recover(client, "alice", bobs[0]).content.decode()
    assert "do not match" in page
    assert RecoveryCode.objects.filter(user=bob).count() == 8
    assert logs_in(client, "alice", PASSWORD)


def test_a_weak_new_password_keeps_the_code(client, alice):
    from accounts.models import RecoveryCode

    codes = RecoveryCode.objects.replace_for(alice)
    page = recover(client, "alice", codes[0], "12345678").content.decode()
    assert "This password is entirely numeric." in page
    assert RecoveryCode.objects.filter(user=alice).count() == 8


def test_new_codes_need_the_password_and_retire_the_old_ones(alice_client, alice):
    from accounts.models import RecoveryCode

    old = RecoveryCode.objects.replace_for(alice)
    page = alice_client.post(reverse("recovery_codes"), {"password": "wrong"}).content.decode()
    assert "That password is not right. Nothing was changed." in page
    page = alice_client.post(reverse("recovery_codes"), {"password": PASSWORD}, follow=True)
    fresh = codes_on(page.content.decode())
    assert len(fresh) == 8 and not set(fresh) & set(old)
    alice_client.post(reverse("logout"))
    assert "do not match" in recover(alice_client, "alice", old[0]).content.decode()
