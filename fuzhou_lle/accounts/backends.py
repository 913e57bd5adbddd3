from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's password backend, loading each request's user with their unit and its district in the same
    query: nearly every signed-in page asks what the user's unit is, which would otherwise cost a second."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("unit__district").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
