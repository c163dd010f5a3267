"""One version string for cached HTML: it changes when the code that draws it does.

Pages and fragments cached in Django's cache (the timeline, /insights/, the
home page's choice grid) put this in their keys, so a deploy that changes a
template or the Python that fills it never serves markup from before, even
from a cache shared between workers (CACHE_URL).
"""

import hashlib
from functools import cache
from pathlib import Path

from django.template.loader import get_template


@cache
def source_version(template_name, *files):
    """A short hash of the template's source and of each file in `files`."""
    digest = hashlib.sha256(get_template(template_name).template.source.encode())
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]
