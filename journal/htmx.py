"""One view serves a page and its htmx fragment: the one rule for which to send."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request):
    """An htmx swap gets the fragment; a history restore (the back button, with
    htmx's history cache off) gets the whole page, like any normal request."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def vary_on_htmx(response):
    """The same URL answers a page or a fragment: caches must keep them apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_page(request, template, partial, context, status=200):
    """The whole page, or only `partial` when htmx swaps it in.

    A form with errors is a 400 for a plain POST, but a 200 fragment for htmx:
    htmx does not swap error responses, and the fragment is the answer the
    user needs (the form, what they typed, a message by each field).
    """
    if partial and wants_fragment(request):
        return vary_on_htmx(render(request, f"{template}#{partial}", context))
    return vary_on_htmx(render(request, template, context, status=status))
