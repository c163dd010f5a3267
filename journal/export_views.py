from django.shortcuts import render


def export_index(request):
    return render(request, "export/index.html", {})
