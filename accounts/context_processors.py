def profile(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"profile": None, "theme": "auto"}
    profile = user.profile
    return {"profile": profile, "theme": profile.theme}
