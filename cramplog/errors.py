"""Error pages that say what happened and leak nothing about the request."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


@login_not_required
def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request):
    # No context processors that touch the database: the error may be the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


@login_not_required
def csrf_failure(request, reason=""):
    template = (
        "cramplog/csrf_fragment.html" if request.headers.get("HX-Request") else "403_csrf.html"
    )
    return render(request, template, status=403)
