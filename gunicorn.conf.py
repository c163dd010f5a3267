"""gunicorn settings, read from the environment Django reads (README "Deploying").

gunicorn loads ./gunicorn.conf.py by default. Out of the box it believes
X-Forwarded-Proto from 127.0.0.1, even with BEHIND_PROXY=false; here
BEHIND_PROXY means the same as in Django: only when it is true are forwarded
headers believed, and only from FORWARDED_ALLOW_IPS (the proxy's address).
"""

from cramplog import settings as django_settings  # the same variables, the same strict checks

if django_settings.BEHIND_PROXY:
    forwarded_allow_ips = ",".join(django_settings.FORWARDED_ALLOW_IPS)
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
