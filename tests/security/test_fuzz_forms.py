"""Every form and parser, fed random and hostile values by Hypothesis.

Properties, for every POST endpoint: never a server error; a rejected post
changes nothing at all (every stored value of the user is the same); an
accepted post changes row counts by exactly what it should. Valid data
round-trips: a random valid cramp posted to the full form reads back equal.
"""

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from export.formats import BACKUP_FORMAT, BACKUP_VERSION, CSV_COLUMNS
from journal.models import (
    Activity,
    ConditionKind,
    Cramp,
    DrugClass,
    Muscle,
    Relief,
    Side,
    Soreness,
    Symptom,
)
from tests.security.helpers import journal_counts, rows_of
from tests.security.routes import KNOWN

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure is reproducible
    database=None,
    # No shrinking: each example is an HTTP request, and shrinking one failure can take
    # minutes. The failing example is printed as generated.
    phases=[Phase.explicit, Phase.generate],
)

SPECIALS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1",
    "0",
    "-0",
    "1.5",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "0x10",
    "١٢",  # Arabic-Indic digits
    "null",
    "true",
    "[]",
    "{}",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-13-01T03:00",
    "2026-11-20T25:61",
    "'; DROP TABLE journal_cramp; --",
    "<script>alert(1)</script>",
    "\u202e\ufeff\u200b",
    "x" * 2001,
    "y" * 70000,
]
HOSTILE = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def fields(required=None, **optional):
    """Form data for a form whose valid values come from the given strategies.

    A third of the examples are valid (every required field present), a third
    are valid but for one hostile or repeated value, and a third are anything:
    each field valid, hostile, repeated (a list) or missing.
    """
    required = required or {}
    every = {**required, **optional}

    def mixed(strategy):
        return st.one_of(strategy, HOSTILE, st.lists(HOSTILE, min_size=2, max_size=3))

    valid = st.fixed_dictionaries(required, optional=optional)
    one_bad = st.tuples(
        valid, st.sampled_from(sorted(every)), st.one_of(HOSTILE, st.lists(HOSTILE, max_size=3))
    ).map(lambda t: {**t[0], t[1]: t[2]})
    anything = st.fixed_dictionaries({}, optional={k: mixed(v) for k, v in every.items()})
    return st.one_of(valid, one_bad, anything)


def choice(enum):
    return st.sampled_from(list(enum.values))


def recent_local(days=20):
    """A wall-clock time in the recent past, as the datetime-local input sends it."""
    return st.integers(min_value=60, max_value=days * 24 * 60).map(
        lambda minutes: (timezone.now() - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
    )


def recent_date(days=400):
    return st.integers(min_value=1, max_value=days).map(
        lambda n: (timezone.now().date() - timedelta(days=n)).isoformat()
    )


SCORE = st.integers(min_value=0, max_value=10).map(str)
YES_NO = st.sampled_from(["", "True", "False"])
DETAILS = {  # side is required; the rest optional
    "duration_preset": st.sampled_from(["15", "60", "120", "300", "600"]),
    "duration_minutes": st.decimals(min_value=0, max_value=400, places=1).map(str),
    "severity": SCORE,
    "relief_tried": choice(Relief),
    "relief_best": choice(Relief),
    "symptoms": choice(Symptom),
    "woke_from_sleep": YES_NO,
    "soreness": choice(Soreness),
    "notes": st.text(max_size=200),
}
CRAMP_REQUIRED = {"started_at": recent_local(), "muscle": choice(Muscle), "side": choice(Side)}
CRAMP_FORM = {**DETAILS, "activity": choice(Activity)}


def post(client, url, data, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(url, data, **headers)
    assert response.status_code < 500, (url, data)
    return response


ERROR_MARKS = (b'aria-invalid="true"', b'class="form-errors"', b'class="error"', b"errorlist")


def form_errors(response):
    """Does the page or fragment show a form with errors?

    Read from the HTML: template-partials fragments are not in response.context.
    """
    return any(mark in response.content for mark in ERROR_MARKS)


def accepted(response, htmx):
    """Did the view take the post? A redirect, or for htmx a fragment without errors."""
    if htmx:
        # htmx only swaps 2xx answers, so a form with errors comes back as a 200 fragment.
        taken = response.status_code == 200 and not form_errors(response)
    else:
        taken = response.status_code == 302
    event("accepted" if taken else "rejected")
    return taken


def check_outcome(user, before, counts_before, response, htmx, expected_delta):
    """Rejected: nothing changed. Accepted: counts moved by exactly expected_delta."""
    if accepted(response, htmx):
        counts = journal_counts()
        delta = {k: counts[k] - counts_before[k] for k in counts if counts[k] != counts_before[k]}
        assert delta in expected_delta, (delta, expected_delta)
    else:
        assert response.status_code in (200, 400, 404), response.status_code
        assert rows_of(user) == before, "a rejected post changed stored data"


@pytest.fixture
def fuzz_client(alice, alice_data):
    client = Client(raise_request_exception=True)
    client.force_login(alice)
    return client


def run(client, user, url, data, htmx, expected_delta):
    before, counts = rows_of(user), journal_counts()
    response = post(client, url, data, htmx)
    check_outcome(user, before, counts, response, htmx, expected_delta)
    return response


ONE_CRAMP = ({"Cramp": 1},)
NOTHING = ({},)


@FUZZ
@given(
    data=fields(
        {"muscle": choice(Muscle), "side": choice(Side)},
        when=st.sampled_from(["now", "15", "30", "60", "pick"]),
        picked_time=st.integers(min_value=0, max_value=700).map(
            lambda m: (timezone.now() - timedelta(minutes=m)).isoformat()
        ),
        client_token=st.uuids().map(str),
    ),
    htmx=st.booleans(),
)
@example(data={"muscle": "calf", "side": "left", "picked_time": "0001-01-01T00:00:00+14:00",
               "when": "pick"}, htmx=False)  # fmt: skip
def test_quick_log(fuzz_client, alice, data, htmx):
    try:
        token = uuid.UUID(data.get("client_token"))
    except (TypeError, ValueError, AttributeError):
        token = None
    # A repeated token is a double tap: it must save nothing new.
    repeat = token is not None and Cramp.objects.filter(client_token=token).exists()
    expected = NOTHING if repeat else ONE_CRAMP
    run(fuzz_client, alice, reverse("journal:quick_log"), data, htmx, expected)


@FUZZ
@given(data=fields({"side": choice(Side)}, **DETAILS), htmx=st.booleans())
def test_details_card(fuzz_client, alice, alice_data, data, htmx):
    url = reverse("journal:cramp_details", args=[alice_data.cramp.pk])
    run(fuzz_client, alice, url, data, htmx, NOTHING)


@FUZZ
@given(data=fields(CRAMP_REQUIRED, **CRAMP_FORM))
@example(data={"started_at": "0001-01-01T00:00", "muscle": "calf", "side": "left"})
@example(data={"started_at": "9999-12-31T23:59", "muscle": "calf", "side": "left"})
def test_full_cramp_form(fuzz_client, alice, data):
    run(fuzz_client, alice, reverse("journal:cramp_new"), data, False, ONE_CRAMP)


@FUZZ
@given(data=fields(CRAMP_REQUIRED, **CRAMP_FORM))
def test_edit_cramp(fuzz_client, alice, alice_data, data):
    url = reverse("journal:cramp_edit", args=[alice_data.cramp.pk])
    run(fuzz_client, alice, url, data, False, NOTHING)


@FUZZ
@given(
    data=fields(
        {"night": recent_date(5)},
        cramp_free=st.sampled_from(["True", "False", "on", ""]),
        sleep_disturbance=SCORE,
    ),
    htmx=st.booleans(),
)
def test_checkin(fuzz_client, alice, data, htmx):
    run(fuzz_client, alice, reverse("journal:checkin"), data, htmx, ({}, {"NightCheckIn": 1}))


DAY_FIELDS = {
    "fluids": st.decimals(min_value=0, max_value=25000, places=1).map(str),
    "electrolyte_drink": YES_NO,
    "exercise_minutes": st.integers(min_value=0, max_value=1500).map(str),
    "exercise_intensity": st.sampled_from(["none", "light", "moderate", "hard"]),
    "heat": YES_NO,
    "sitting_hours": st.decimals(min_value=0, max_value=25, places=1).map(str),
    "standing_hours": st.decimals(min_value=0, max_value=25, places=1).map(str),
    "stretched": YES_NO,
    "mineral_food": YES_NO,
    "stress": SCORE,
    "alcohol_drinks": st.integers(min_value=0, max_value=60).map(str),
    "notes": st.text(max_size=200),
}


@FUZZ
@given(day=st.integers(min_value=-3, max_value=40), data=fields(**DAY_FIELDS))
def test_day_context(fuzz_client, alice, day, data):
    when = timezone.now().date() - timedelta(days=day)
    url = reverse("journal:day_context", args=[when])
    before, counts = rows_of(alice), journal_counts()
    response = fuzz_client.post(url, data)
    assert response.status_code < 500
    if response.status_code == 404:  # a future day
        assert day < 0 and rows_of(alice) == before
        return
    check_outcome(alice, before, counts, response, False, ({}, {"DayContext": 1}))


@FUZZ
@given(
    bump=st.one_of(
        st.sampled_from(
            [
                f"{f}:{d}"
                for f in ("fluids_ml", "alcohol_drinks", "exercise_minutes", "stress")
                for d in ("up", "down")
            ]  # fmt: skip
        ),
        HOSTILE,
    ),
    htmx=st.booleans(),
)
def test_day_bump(fuzz_client, alice, alice_data, bump, htmx):
    url = reverse("journal:day_bump", args=[alice_data.night])
    before, counts = rows_of(alice), journal_counts()
    response = fuzz_client.post(
        url, {"bump": bump}, **({"HTTP_HX_REQUEST": "true"} if htmx else {})
    )
    assert response.status_code < 500
    if response.status_code == 404:
        assert rows_of(alice) == before
    else:
        assert journal_counts() == counts  # her day context exists: updated, never duplicated


@FUZZ
@given(
    data=fields(
        {
            "name": st.text(min_size=1, max_size=130),
            "drug_class": choice(DrugClass),
            "started_on": recent_date(),
        },
        dose=st.text(max_size=130),
        stopped_on=recent_date(),
        notes=st.text(max_size=200),
    )
)
def test_medication_form(fuzz_client, alice, data):
    url = reverse("journal:medication_new")
    run(fuzz_client, alice, url, data, False, ({"Medication": 1},))


@FUZZ
@given(
    data=fields(
        {"kind": choice(ConditionKind)},
        started_on=recent_date(),
        ended_on=recent_date(),
        notes=st.text(max_size=200),
    )
)
def test_condition_form(fuzz_client, alice, data):
    run(fuzz_client, alice, reverse("journal:condition_new"), data, False, ({"Condition": 1},))


@FUZZ
@given(
    data=fields(
        {
            "time_zone": st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Kiritimati", "Mars/X"]),
            "clock": st.sampled_from(["24", "12"]),
            "fluid_unit": st.sampled_from(["ml", "floz"]),
            "glass_ml": st.integers(min_value=0, max_value=2000).map(str),
            "fluid_target_ml": st.integers(min_value=0, max_value=20000).map(str),
            "sitting_hours_threshold": st.decimals(min_value=0, max_value=30, places=1).map(str),
            "standing_hours_threshold": st.decimals(min_value=0, max_value=30, places=1).map(str),
            "checkin_mode": st.sampled_from(["morning", "evening"]),
            "theme": st.sampled_from(["auto", "light", "dark"]),
        }
    )
)
def test_settings_form(fuzz_client, alice, data):
    run(fuzz_client, alice, reverse("account_settings"), data, False, NOTHING)


# --- The offline sync API ------------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20).filter(lambda s: "\x00" not in s),
    st.sampled_from(SPECIALS),
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.uuids().map(str), JSON_SCALARS),
        "tapped_at": st.one_of(
            st.integers(min_value=0, max_value=60 * 24 * 40).map(
                lambda m: (datetime.now(UTC) - timedelta(minutes=m)).isoformat()
            ),
            JSON_SCALARS,
        ),
        "muscle": st.one_of(choice(Muscle), JSON_SCALARS),
        "side": st.one_of(choice(Side), JSON_SCALARS),
        "duration_seconds": st.one_of(st.integers(min_value=-5, max_value=30000), JSON_SCALARS),
    },
)


@FUZZ
@given(
    body=st.one_of(
        st.lists(st.one_of(ENTRY, ANY_JSON), max_size=5).map(
            lambda entries: json.dumps({"entries": entries})
        ),
        ANY_JSON.map(json.dumps),
        st.binary(max_size=40),
        st.just('{"entries": [{"duration_seconds": 1e400}]}'),
        st.just('{"entries": NaN}'),
    )
)
@example(body=json.dumps({"entries": [{"id": str(uuid.uuid4()), "muscle": "calf", "side": "left",
         "tapped_at": "9999-12-31T23:59:59-14:00"}]}))  # fmt: skip
@example(body=json.dumps({"entries": [{"id": str(uuid.uuid4()), "muscle": "calf", "side": "left",
         "tapped_at": "0001-01-01T00:00:00+14:00"}]}))  # fmt: skip
def test_offline_sync(fuzz_client, alice, body):
    counts = journal_counts()
    response = fuzz_client.post(
        reverse("journal:sync_queue"), body, content_type="application/json"
    )
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert journal_counts() == counts
        return
    results = response.json()["results"]
    assert {r["status"] for r in results} <= {"created", "duplicate", "rejected"}
    created = sum(r["status"] == "created" for r in results)
    assert journal_counts()["Cramp"] == counts["Cramp"] + created


# --- Import files ---------------------------------------------------------------------------


# Two known import bugs are pinned by their own tests below (a NUL inside a JSON
# string; a time at the edge of the calendar). Leaving those values out here keeps
# this property useful for everything else until they are fixed.
def _not_known_bug(text):
    return "\x00" not in text and not text.startswith(("0001-", "9999-"))


CELL = st.one_of(st.sampled_from(SPECIALS), st.text(max_size=20)).filter(_not_known_bug)
CSV_ROW = st.fixed_dictionaries(
    {
        "started_at": st.one_of(
            st.integers(min_value=1, max_value=2000).map(
                lambda d: (datetime(2026, 1, 1) - timedelta(days=d)).strftime("%Y-%m-%dT%H:%M:%S")
            ),
            CELL,
        ),
        "muscle": st.one_of(choice(Muscle), CELL),
    },
    optional={
        "time_zone": st.one_of(st.sampled_from(["UTC", "Europe/Berlin", "Asia/Tokyo"]), CELL),
        "side": st.one_of(choice(Side), CELL),
        "severity": st.one_of(SCORE, CELL),
        "duration_minutes": st.one_of(st.integers(1, 21600).map(lambda s: str(s / 60)), CELL),
        "relief_tried": st.one_of(choice(Relief), CELL),
        "woke_from_sleep": st.one_of(st.sampled_from(["yes", "no", ""]), CELL),
        "notes": CELL,
    },
)


def csv_text(rows):
    out = io.StringIO()
    header = [c for c in CSV_COLUMNS if any(c in row for row in rows)] or ["started_at", "muscle"]
    writer = csv.DictWriter(out, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


JSON_VALUE = st.one_of(CELL, st.integers(-(2**70), 2**70), st.none(), st.booleans(), st.floats())
BACKUP_ROWS = {
    "cramps": {
        "started_at": st.one_of(st.just("2025-06-01T03:00:00+02:00"), JSON_VALUE),
        "time_zone": st.one_of(st.just("Europe/Berlin"), JSON_VALUE),
        "muscle": st.one_of(choice(Muscle), JSON_VALUE),
        "severity": st.one_of(st.integers(0, 10), JSON_VALUE),
        "relief_tried": st.one_of(st.lists(choice(Relief), max_size=2, unique=True), JSON_VALUE),
        "notes": JSON_VALUE,
    },
    "checkins": {
        "night": st.one_of(recent_date(), JSON_VALUE),
        "cramp_free": st.one_of(st.booleans(), JSON_VALUE),
    },
    "day_contexts": {
        "day": st.one_of(recent_date(), JSON_VALUE),
        "fluids_ml": st.one_of(st.integers(0, 20000), JSON_VALUE),
        "sitting_hours": st.one_of(st.just("7.5"), JSON_VALUE),
    },
    "medications": {
        "name": st.one_of(st.just("Magnesium"), JSON_VALUE),
        "started_on": st.one_of(recent_date(), JSON_VALUE),
    },
    "conditions": {"kind": st.one_of(choice(ConditionKind), JSON_VALUE)},
}
BACKUP = st.fixed_dictionaries(
    {"format": st.just(BACKUP_FORMAT), "version": st.just(BACKUP_VERSION)},
    optional={
        key: st.lists(st.fixed_dictionaries({}, optional=row), max_size=3)
        for key, row in BACKUP_ROWS.items()
    }
    | {"profile": st.fixed_dictionaries({}, optional={"glass_ml": JSON_VALUE, "clock": CELL})},
)


def upload_and_confirm(client, user, content, name):
    before, counts = rows_of(user), journal_counts()
    response = client.post(
        reverse("export:import"), {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code in (200, 400)  # a preview, or the reasons it is refused
    assert rows_of(user) == before, "the preview step wrote something"
    plan = response.context.get("plan")
    if plan is None or not plan.ok:
        assert client.post(reverse("export:import"), {"action": "confirm"}).status_code == 302
        assert rows_of(user) == before
        return
    expected = {key: len(section.new) for key, section in plan.sections.items()}
    response = client.post(reverse("export:import"), {"action": "confirm"})
    assert response.status_code == 302
    counts_after = journal_counts()
    names = {
        "cramps": "Cramp",
        "checkins": "NightCheckIn",
        "day_contexts": "DayContext",
        "medications": "Medication",
        "conditions": "Condition",
    }
    for key, model in names.items():
        assert counts_after[model] - counts[model] == expected[key], key


@FUZZ
@given(rows=st.lists(CSV_ROW, max_size=4))
def test_import_csv(fuzz_client, alice, rows):
    upload_and_confirm(fuzz_client, alice, csv_text(rows).encode(), "cramps.csv")


@FUZZ
@given(document=BACKUP)
def test_import_backup(fuzz_client, alice, document):
    upload_and_confirm(fuzz_client, alice, json.dumps(document).encode(), "backup.json")


@FUZZ
@given(content=st.binary(max_size=200))
def test_import_random_bytes(fuzz_client, alice, content):
    upload_and_confirm(fuzz_client, alice, content, "backup.json")


# --- Valid data round-trips -------------------------------------------------------------------


@FUZZ
@given(
    minutes_ago=st.integers(min_value=60, max_value=60 * 24 * 300),
    muscle=choice(Muscle),
    side=choice(Side),
    activity=st.one_of(st.just(""), choice(Activity)),
    # "Exact minutes" has one decimal, so durations are whole multiples of 6 s.
    seconds=st.one_of(st.none(), st.integers(min_value=1, max_value=3600).map(lambda n: n * 6)),
    severity=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
    woke=st.sampled_from([None, True, False]),
    relief=st.lists(choice(Relief), unique=True, max_size=4),
    symptoms=st.lists(choice(Symptom), unique=True, max_size=3),
    soreness=st.one_of(st.just(""), choice(Soreness)),
    notes=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
        max_size=300,
    ).map(str.strip),
    best=st.booleans(),
)
def test_a_valid_cramp_reads_back_equal(
    fuzz_client,
    alice,
    minutes_ago,
    muscle,
    side,
    activity,
    seconds,
    severity,
    woke,
    relief,
    symptoms,
    soreness,
    notes,
    best,
):
    zone = alice.profile.zone
    started = (timezone.now() - timedelta(minutes=minutes_ago)).astimezone(zone)
    started = started.replace(second=0, microsecond=0)
    data = {
        "started_at": started.strftime("%Y-%m-%dT%H:%M"),
        "muscle": muscle,
        "side": side,
        "activity": activity,
        "relief_tried": relief,
        "relief_best": relief[0] if best and relief else "",
        "symptoms": symptoms,
        "soreness": soreness,
        "notes": notes,
        "woke_from_sleep": {None: "", True: "True", False: "False"}[woke],
        "severity": "" if severity is None else str(severity),
        "duration_minutes": "" if seconds is None else str(Decimal(seconds) / 60),
    }
    before = set(Cramp.objects.filter(owner=alice).values_list("pk", flat=True))
    response = fuzz_client.post(reverse("journal:cramp_new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [cramp] = Cramp.objects.filter(owner=alice).exclude(pk__in=before)
    assert cramp.started_at == started
    assert cramp.time_zone == alice.profile.time_zone
    assert (cramp.muscle, cramp.side, cramp.activity) == (muscle, side, activity)
    assert cramp.duration_seconds == seconds
    assert cramp.severity == severity
    assert cramp.woke_from_sleep is woke
    assert sorted(cramp.relief_tried) == sorted(relief)
    assert cramp.relief_best == data["relief_best"]
    assert sorted(cramp.symptoms) == sorted(symptoms)
    assert cramp.soreness == soreness
    assert cramp.notes == notes


# --- Known bugs, each pinned by a test ---------------------------------------------------------


def _plan_for(client, content, name):
    response = client.post(
        reverse("export:import"), {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code in (200, 400)
    return response.context["plan"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"started_at,muscle,time_zone\r\n0001-01-01T03:00:00,calf,UTC\r\n", "cramps.csv"),
        (b"started_at,muscle\r\n0001-01-01T00:00:00+14:00,calf\r\n", "cramps.csv"),
        (
            json.dumps(
                {
                    "format": BACKUP_FORMAT,
                    "version": BACKUP_VERSION,
                    "cramps": [
                        {
                            "started_at": "9999-12-31T23:59:59-14:00",
                            "time_zone": "UTC",
                            "muscle": "calf",
                        }  # fmt: skip
                    ],
                }
            ).encode(),
            "backup.json",
        ),
    ],
)
def test_an_import_at_the_edge_of_the_calendar_is_a_row_error(alice, content, name):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    counts = journal_counts()
    response = client.post(
        reverse("export:import"), {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400, "an out-of-range date crashed the import (500)"
    assert not response.context["plan"].ok
    assert journal_counts() == counts


def test_a_nul_inside_a_backup_string_is_refused(alice_client, alice):
    document = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "medications": [{"name": "Mag\u0000nesium", "started_on": "2025-01-01"}],
        "conditions": [{"kind": "other", "notes": "a\u0000b"}],
    }
    counts = journal_counts()
    plan = _plan_for(alice_client, json.dumps(document).encode(), "backup.json")
    assert not plan.ok
    assert journal_counts() == counts


# --- Query strings and path parts of every page ------------------------------------------------

QUERY_NAMES = [
    "from", "to", "week", "range", "theme", "muscle", "before", "name", "dob",
    "questions", "paper", "period", "since", "start", "end", "get",
]  # fmt: skip
# Years 1900-2100 only: a week at the edge of the calendar is a known bug with its
# own test (test_a_week_at_the_edge_of_the_calendar_is_not_found).
ISO_WEEK = st.builds("{:04d}-W{:02d}".format, st.integers(1900, 2100), st.integers(0, 54))
QUERY_VALUE = st.one_of(
    HOSTILE,
    ISO_WEEK,
    recent_date(5000),
    st.sampled_from(["4w", "12w", "1y", "all", "light", "dark", "letter", "a4", "since", "csv"]),
)
GET_ROUTES = sorted(key for key, route in KNOWN.items() if route.get)


@settings(FUZZ, max_examples=40)
@given(
    key=st.sampled_from(GET_ROUTES),
    query=st.dictionaries(st.sampled_from(QUERY_NAMES), QUERY_VALUE, max_size=4),
    htmx=st.booleans(),
)
def test_pages_survive_hostile_query_strings(fuzz_client, alice, alice_data, key, query, htmx):
    before = rows_of(alice)
    url = KNOWN[key].url(alice_data)
    response = fuzz_client.get(url, query, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    assert response.status_code in (200, 302, 304, 400, 404), (url, query, response.status_code)
    assert rows_of(alice) == before, "a GET changed stored data"


@FUZZ
@given(isoweek=st.one_of(ISO_WEEK, HOSTILE.filter(lambda s: "/" not in s and s.strip())))
def test_any_week_in_the_url_is_a_page_or_a_404(fuzz_client, isoweek):
    response = fuzz_client.get(reverse("insights:week_at", args=[isoweek]))
    assert response.status_code in (200, 404), (isoweek, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/insights/week/0001-W01/",
        "/insights/week/9999-W52/",
        "/insights/charts/nightly.svg?week=0001-W01",
        "/insights/charts/nightly.svg?week=9999-W52",
    ],
)
def test_a_week_at_the_edge_of_the_calendar_is_not_found(alice, url):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    assert client.get(url).status_code in (400, 404)
