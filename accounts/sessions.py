"""Idle sessions that end, without a database write on every request.

Django can renew a session's expiry on every request (SESSION_SAVE_EVERY_REQUEST)
but that costs a write per request. Instead the database session store
remembers when the loaded session expires, and `RenewSessionMiddleware` saves
it again only once the expiry has come closer than SESSION_COOKIE_AGE minus
the renewal step, so an idle session still ends about SESSION_COOKIE_AGE after
the last request (within the step).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

MAX_RENEWAL_STEP = timedelta(hours=1)


class SessionStore(DatabaseSessionStore):
    stored_expiry = None

    def _get_session_from_db(self):
        """Django's lookup (an unexpired row with this key), read with one raw SELECT.

        It runs on every request; building the ORM query cost more than running
        it (make bench, docs/performance.md). Writes stay Django's.
        """
        if not self.session_key:  # Django's key validation: None or too short
            self._session_key = None
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        expire_date = model._meta.get_field("expire_date")
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('session_data')}, {quote('expire_date')} "
                f"FROM {quote(model._meta.db_table)} "
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        expiry = row[1]
        for convert in connection.ops.get_db_converters(expire_date.get_col(model._meta.db_table)):
            expiry = convert(expiry, expire_date, connection)
        self.stored_expiry = expiry
        return model(session_key=self.session_key, session_data=row[0], expire_date=expiry)


def renewal_step():
    # A tenth of the idle time, at most an hour: a 2-minute idle limit renews
    # every 12 s, the default 14 days once an hour.
    return min(MAX_RENEWAL_STEP, timedelta(seconds=settings.SESSION_COOKIE_AGE) / 10)


class RenewSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expiry = getattr(session, "stored_expiry", None)
        if expiry is not None and not session.modified and not session.is_empty():
            age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
            if expiry - timezone.now() < age - renewal_step():
                session.modified = True  # SessionMiddleware saves it with a new expiry
        return response
