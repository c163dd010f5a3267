"""Issue #14: arbitrary JSON at the backup import and the sync API.

Invariant, for any JSON structure and any values (NaN, lone surrogates, deep
nesting, wrong types, huge numbers): the answer is a preview or a 4xx with a
message, never a 5xx; nothing is written unless the whole file is; and the
work is bounded (the number of database queries does not grow with the file).
"""

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from export.formats import BACKUP_FORMAT, SECTIONS, exported_fields
from journal.models import Cramp, Profile
from tests.security.helpers import journal_counts, rows_of

PROPERTY = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is reproducible
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # each example is a request: no shrinking
)
# Preview: session, user, pending upload, profile, each section's identities and
# keys, the client tokens, the pending row. It does not grow with the file.
MAX_PREVIEW_QUERIES = 25
MAX_SYNC_QUERIES_PER_ENTRY = 12

TEXT = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2),  # lone surrogates
    st.sampled_from(["", "=1+1", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00"]),
)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
ANY_JSON = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


# A valid row of each section, so that one odd value in an otherwise good row
# reaches the checks, the preview and the confirmation.
VALID_ROWS = {
    "cramps": {"started_at": "2026-03-03T03:10:00+01:00", "time_zone": "UTC", "muscle": "calf"},
    "checkins": {"night": "2026-03-04", "cramp_free": True},
    "day_contexts": {"day": "2026-03-02", "fluids_ml": 1500},
    "medications": {"name": "Magnesium", "started_on": "2026-01-05", "dose": "200 mg"},
    "conditions": {"kind": "other"},
}


def row_of(model, key=None):
    names = [f.name for f in exported_fields(model)]
    anything = st.dictionaries(st.sampled_from(names) | TEXT, ANY_JSON, max_size=5)
    if key is None:
        return anything
    one_odd_value = st.builds(
        lambda name, value: {**VALID_ROWS[key], name: value},
        st.sampled_from(names),
        ANY_JSON,
    )
    return anything | one_odd_value | st.just(VALID_ROWS[key])


BACKUP_LIKE = st.fixed_dictionaries(
    {"format": st.just(BACKUP_FORMAT), "version": st.sampled_from([1, 2])},
    optional={
        key: st.lists(row_of(model, key), max_size=3) | ANY_JSON
        for key, (model, _) in SECTIONS.items()
    }
    | {"profile": row_of(Profile) | ANY_JSON, "username": ANY_JSON},
)
DOCUMENT = st.one_of(
    BACKUP_LIKE.map(lambda d: json.dumps(d, allow_nan=True)),
    BACKUP_LIKE.map(lambda d: json.dumps(d, allow_nan=True)),  # twice as often as noise
    st.fixed_dictionaries({"format": ANY_JSON, "version": ANY_JSON}).map(json.dumps),
    ANY_JSON.map(lambda d: json.dumps(d, allow_nan=True)),
    st.sampled_from(["[" * 100_000, "{" * 5000, '{"a": ' * 3000]),
)


def logged_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@PROPERTY
@given(text=DOCUMENT)
@example(text='{"format": "cramplog-backup", "version": 2, "exported_at": NaN}')
@example(text='{"format": "cramplog-backup", "version": true}')
@example(
    text='{"format": "cramplog-backup", "version": 2, "medications": [{"name": "Mg", '
    '"started_on": "2026-01-01", "created_at": "9999-12-31T23:00:00-05:00"}]}'
)
def test_any_json_at_the_import_is_a_preview_or_a_4xx_and_all_or_nothing(alice, text):
    client = logged_in(alice)
    before, counts = rows_of(alice), journal_counts()
    content = text.encode("utf-8", "surrogatepass")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("export:import"),
            {"action": "upload", "file": SimpleUploadedFile("backup.json", content)},
        )
    assert response.status_code in (200, 400), response.status_code
    event(f"import answered {response.status_code}")
    page = response.content.decode()
    assert len(queries) <= MAX_PREVIEW_QUERIES
    assert rows_of(alice) == before, "the preview wrote something"
    if response.status_code == 400:
        assert "Nothing was imported" in page or '<p class="error"' in page  # the reason
        return
    if "Nothing new to import" in page:  # a valid file with nothing new: no confirm offered
        return
    promised = int(re.search(r"Import (\d+) new entr", page).group(1))
    response = client.post(reverse("export:import"), {"action": "confirm"})
    assert response.status_code in (302, 400)
    added = sum(journal_counts().values()) - sum(counts.values())
    assert added in (promised, 0) and (added == promised) == (response.status_code == 302)


SYNC_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "id": st.uuids().map(str) | ANY_JSON,
        "tapped_at": st.sampled_from(["2026-11-30T02:00:00+00:00"]) | ANY_JSON,
        "muscle": st.sampled_from(["calf", "foot"]) | ANY_JSON,
        "side": st.sampled_from(["left", "right"]) | ANY_JSON,
        "duration_seconds": ANY_JSON,
    },
)
SYNC_BODY = st.one_of(
    st.fixed_dictionaries({"entries": st.lists(SYNC_ENTRY | ANY_JSON, max_size=4)}).map(
        lambda d: json.dumps(d, allow_nan=True)
    ),
    ANY_JSON.map(lambda d: json.dumps(d, allow_nan=True)),
    st.sampled_from(["[" * 100_000, '{"entries": ' + "[" * 5000]),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
)


@PROPERTY
@given(body=SYNC_BODY)
def test_any_body_at_the_sync_api_is_answered_entry_by_entry_or_a_4xx(alice, body):
    client = logged_in(alice)
    cramps = Cramp.objects.filter(owner=alice).count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("journal:sync_queue"),
            data=body.encode("utf-8", "surrogatepass"),
            content_type="application/json",
        )
    assert response.status_code in (200, 400), response.status_code
    answer = response.json()
    if response.status_code == 400:
        assert answer["error"]
        assert Cramp.objects.filter(owner=alice).count() == cramps
        return
    statuses = [result["status"] for result in answer["results"]]
    assert set(statuses) <= {"created", "duplicate", "rejected"}
    assert all(r["errors"] for r in answer["results"] if r["status"] == "rejected")
    assert Cramp.objects.filter(owner=alice).count() == cramps + statuses.count("created")
    assert len(queries) <= 5 + MAX_SYNC_QUERIES_PER_ENTRY * len(statuses)
