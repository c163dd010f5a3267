"""Ownership in one place: every view fetches journal rows through these helpers."""

from django.shortcuts import get_object_or_404


def owned(request, model):
    """The request user's rows of `model`, never anyone else's."""
    return model.objects.owned_by(request.user)


def get_owned_or_404(request, model, pk):
    """One row of `model` owned by the request user; 404 for anyone else's."""
    return get_object_or_404(owned(request, model), pk=pk)
