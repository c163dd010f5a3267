"""Who is asking, as seen through the proxies the operator trusts.

Behind the documented TLS proxy every request reaches gunicorn from
127.0.0.1, so the log-in throttle (django-axes) keyed on REMOTE_ADDR would
lock a user out for everyone after five wrong passwords from anywhere. With
BEHIND_PROXY=true the client is read from X-Forwarded-For: each trusted proxy
appends the address it received the request from, so the client is the entry
TRUSTED_PROXY_COUNT places from the right. Entries further left were written by
the client itself and are never believed. With BEHIND_PROXY=false the header is
ignored.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [a for a in chain if a]
    if not chain:
        return remote
    candidate = chain[-count] if len(chain) >= count else chain[0]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
