from axes.backends import AxesBackend
from django.contrib.auth import get_user_model


class CrampLogBackend(AxesBackend):
    """django-axes' throttled backend that loads the profile with the user.

    Every page reads request.user.profile (time zone, clock, theme); fetching
    it in the same query as the user saves one query per request.
    """

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
