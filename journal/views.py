from django.shortcuts import render


def home(request):
    return render(request, "journal/home.html", {})


def timeline(request):
    return render(request, "journal/timeline.html", {})
