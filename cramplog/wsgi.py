"""The WSGI application gunicorn serves (README "Deploying"), ready before the first request."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cramplog.settings")
application = get_wsgi_application()


def settle():
    """Import every view now, then keep what the imports made out of full collections.

    Django imports the URLconf, and with it every view and the libraries they
    draw and count with (matplotlib, statsmodels, pandas: about a second), on
    the first request; here no visitor waits for it. ``gc.freeze()`` then moves
    the objects made so far (modules, classes, functions: they live as long as
    the process) where the garbage collector never scans them. With them in
    the oldest generation, a full collection that fell inside a chart's
    drawing took 60-90 ms (``make bench``: week page + 5 charts cold,
    docs/performance.md). Everything made later is collected as usual.
    """
    get_resolver().url_patterns  # noqa: B018 (the attribute imports the URLconf)
    gc.collect()
    gc.freeze()


settle()
