"""Every route of the app, discovered from the URL resolver, and how to call it.

KNOWN says, for each named route, how to build its URL from alice's objects,
what an anonymous visitor gets, what bob gets when he names alice's objects,
and what bob posts to it. A route the resolver lists but KNOWN (or PUBLIC)
does not fails the suite: a new URL needs an isolation test before it ships.
Updating the table when a route changes is a one-line edit.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# What an anonymous visitor gets.
LOGIN = "login"  # a redirect to the log-in page
UNAUTHORIZED = "401"  # JSON endpoints the phone calls: 401 with the log-in URL

# What bob gets when the URL names alice's object.
NOT_FOUND = "404"  # the object is looked up among bob's rows only
OWN = "own"  # the URL names no object (or a date/week/range): bob gets his own data

SKIPPED_PREFIXES = ("admin/",)  # Django's admin: tested separately (no access for users)

# Public by design; they must still reveal nothing of anybody's journal.
PUBLIC = {
    "login": lambda d: reverse("login"),
    "signup": lambda d: reverse("signup"),
    "password_reset": lambda d: reverse("password_reset"),
    "password_reset_done": lambda d: reverse("password_reset_done"),
    "password_reset_confirm": lambda d: reverse(
        "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": lambda d: reverse("password_reset_complete"),
    # A signed link naming a user; a forged one confirms nothing (tests/accounts/test_recovery.py).
    "verify_email": lambda d: reverse("verify_email", args=["forged-token"]),
    "recover": lambda d: reverse("recover"),
    "manifest": lambda d: reverse("manifest"),
    "service_worker": lambda d: reverse("service_worker"),
    # app.js's words in the browser's language (Django's JavaScript catalog).
    # Django's set_language: a POST from the log-in page's language form sets a
    # cookie; a GET only redirects back (to "/" without a Referer).
    "set_language": lambda d: reverse("set_language"),
}
# Public routes that answer no HTML page (the page tests leave them out).
PUBLIC_NOT_PAGES = {"manifest", "service_worker", "set_language"}
# What an anonymous GET of a public route answers, when not 200.
PUBLIC_GET_STATUS = {"set_language": 302}


def _summary_range(d):
    first = d.night - timedelta(days=40)
    return {"from": first.isoformat(), "to": d.night.isoformat()}


@dataclass(frozen=True)
class Route:
    url: object  # JournalObjects (alice's) -> path
    anon: str = LOGIN
    bob: str = OWN
    get: bool = True  # answers GET (else POST only)
    html: bool = True  # a GET answers an HTML page
    post: object = None  # JournalObjects -> data bob posts (None: bob does not post)
    query: object = None  # JournalObjects -> query string dict for GETs
    # Marker keys (journal_data.*_MARKERS) the owner sees at this URL: the
    # positive control that makes "bob does not see them" mean something.
    shows: tuple = ()
    content_type: str = "text/html"


def _cramp(name):
    return lambda d: reverse(f"journal:{name}", args=[d.cramp.pk])


def _medication(name):
    return lambda d: reverse(f"journal:{name}", args=[d.medication.pk])


def _condition(name):
    return lambda d: reverse(f"journal:{name}", args=[d.condition.pk])


def _plain(name):
    return lambda d: reverse(name)


BOB_NOTE = "BOB-WAS-HERE-0042"


def _empty(d):
    return {}


def _cramp_form_post(d):
    started = d.cramp.local_started_at.strftime("%Y-%m-%dT%H:%M")
    return {"started_at": started, "muscle": "foot", "side": "right", "notes": BOB_NOTE}


KNOWN = {
    # --- Accounts -------------------------------------------------------------------
    "account_settings": Route(_plain("account_settings")),
    "set_theme": Route(_plain("set_theme"), get=False, post=lambda d: {"theme": "dark"}),
    "logout": Route(_plain("logout"), get=False, post=_empty),
    "password_change": Route(_plain("password_change")),
    "password_change_done": Route(_plain("password_change_done")),
    "recovery_codes": Route(
        _plain("recovery_codes"), post=lambda d: {"password": "not-alices-password"}
    ),
    "journal:sync_queue": Route(
        _plain("journal:sync_queue"), anon=UNAUTHORIZED, get=False, html=False, content_type="json"
    ),
    # --- Journal: pages without an object -------------------------------------------
    "journal:home": Route(_plain("journal:home")),
    "journal:quick_log": Route(
        _plain("journal:quick_log"), get=False, post=lambda d: {"muscle": "foot", "side": "left"}
    ),
    "journal:timer_start": Route(
        _plain("journal:timer_start"), get=False, post=lambda d: {"muscle": "calf", "side": "left"}
    ),
    "journal:timer_stop": Route(_plain("journal:timer_stop"), get=False, post=_empty),
    "journal:timer_cancel": Route(_plain("journal:timer_cancel"), get=False, post=_empty),
    "journal:checkin": Route(
        _plain("journal:checkin"),
        get=False,
        post=lambda d: {"night": d.night.isoformat(), "cramp_free": "False"},
    ),
    "journal:timeline": Route(
        _plain("journal:timeline"), shows=("medication_name", "medication_dose")
    ),
    "journal:cramp_new": Route(_plain("journal:cramp_new"), post=_cramp_form_post),
    "journal:cramp_restore": Route(_plain("journal:cramp_restore"), get=False, post=_empty),
    "journal:medications": Route(
        _plain("journal:medications"), shows=("medication_name", "medication_dose")
    ),
    "journal:medication_new": Route(_plain("journal:medication_new")),
    # The kind hint as a name is typed: it reads only the name in the query.
    "journal:medication_hint": Route(
        _plain("journal:medication_hint"), query=lambda d: {"name": "Magnesium 400 mg"}
    ),
    "journal:conditions": Route(_plain("journal:conditions"), shows=("condition_notes",)),
    "journal:condition_new": Route(_plain("journal:condition_new")),
    # --- Journal: alice's objects by id ----------------------------------------------
    "journal:cramp_details": Route(
        _cramp("cramp_details"),
        bob=NOT_FOUND,
        post=lambda d: {"side": "right", "notes": BOB_NOTE},
        shows=("cramp_notes",),
    ),
    "journal:cramp_undo": Route(_cramp("cramp_undo"), bob=NOT_FOUND, get=False, post=_empty),
    "journal:cramp_edit": Route(
        _cramp("cramp_edit"), bob=NOT_FOUND, post=_cramp_form_post, shows=("cramp_notes",)
    ),
    "journal:cramp_delete": Route(_cramp("cramp_delete"), bob=NOT_FOUND, post=_empty),
    "journal:medication_edit": Route(
        _medication("medication_edit"),
        bob=NOT_FOUND,
        post=lambda d: {
            "name": BOB_NOTE,
            "drug_class": "other",
            "started_on": d.night.isoformat(),
        },
        shows=("medication_name", "medication_dose", "medication_notes"),
    ),
    "journal:medication_stop": Route(
        _medication("medication_stop"), bob=NOT_FOUND, get=False, post=_empty
    ),
    "journal:condition_edit": Route(
        _condition("condition_edit"),
        bob=NOT_FOUND,
        post=lambda d: {"kind": "other", "notes": BOB_NOTE},
        shows=("condition_notes",),
    ),
    "journal:condition_delete": Route(_condition("condition_delete"), bob=NOT_FOUND, post=_empty),
    # --- Journal: alice's day by date (bob gets his own day) --------------------------
    "journal:day_context": Route(
        lambda d: reverse("journal:day_context", args=[d.night]),
        post=lambda d: {"notes": BOB_NOTE, "fluids": "1000"},
        shows=("day_notes",),
    ),
    "journal:day_bump": Route(
        lambda d: reverse("journal:day_bump", args=[d.night]),
        get=False,
        post=lambda d: {"bump": "fluids_ml:up"},
    ),
    # --- Insights: by ISO week, range, chart, JSON -----------------------------------
    "insights:index": Route(_plain("insights:index")),
    "insights:triggers_json": Route(
        _plain("insights:triggers_json"), html=False, content_type="application/json"
    ),
    "insights:week": Route(_plain("insights:week")),
    "insights:week_at": Route(lambda d: reverse("insights:week_at", args=[d.isoweek])),
    "insights:trends": Route(_plain("insights:trends"), query=lambda d: {"range": "all"}),
    "insights:chart": Route(
        lambda d: reverse("insights:chart", kwargs={"name": "nightly"}),
        html=False,
        query=lambda d: {"week": d.isoweek},
        content_type="image/svg+xml",
    ),
    "insights:chart_png": Route(
        lambda d: reverse("insights:chart_png", kwargs={"name": "nightly"}),
        html=False,
        query=lambda d: {"week": d.isoweek},
        content_type="image/png",
    ),
    # --- Export and import: by range -------------------------------------------------
    "export:index": Route(_plain("export:index")),
    "export:summary": Route(
        _plain("export:summary"),
        query=_summary_range,
        shows=("medication_name", "medication_dose", "condition_notes"),
    ),
    "export:summary_pdf": Route(
        _plain("export:summary_pdf"),
        html=False,
        query=_summary_range,
        shows=("medication_name", "condition_notes"),
        content_type="application/pdf",
    ),
    "export:cramps_csv": Route(
        _plain("export:cramps_csv"),
        html=False,
        query=_summary_range,
        shows=("cramp_notes",),
        content_type="text/csv",
    ),
    "export:backup": Route(
        _plain("export:backup"),
        html=False,
        shows=(
            "cramp_notes",
            "checkin_notes",
            "day_notes",
            "medication_name",
            "medication_dose",
            "medication_notes",
            "condition_notes",
        ),
        content_type="application/json",
    ),
    "export:import": Route(_plain("export:import")),
    "delete_account": Route(
        _plain("delete_account"), post=lambda d: {"password": "not-alices-password"}
    ),
}


def walk(resolver=None, prefix="", namespace=None):
    """(pattern string, namespaced name) for every route below `resolver`."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield prefix + str(entry.pattern), name


def app_routes():
    """Routes the tables must cover: everything except the admin site."""
    return [
        (pattern, name)
        for pattern, name in walk()
        if not pattern.startswith(SKIPPED_PREFIXES) and "static/" not in pattern
    ]


def route_key(pattern, name):
    return name or pattern


def url_for(key, objects):
    """The URL (with query string) for route `key`, built from `objects`."""
    from urllib.parse import urlencode

    if key in PUBLIC:
        return PUBLIC[key](objects)
    try:
        route = KNOWN[key]
    except KeyError:
        raise AssertionError(f"route {key!r} has no isolation test: add it to KNOWN") from None
    url = route.url(objects)
    if route.query:
        url += "?" + urlencode(route.query(objects))
    return url
