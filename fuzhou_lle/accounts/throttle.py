"""Login throttling: django-axes with two limits instead of one."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LoginThrottle(AxesDatabaseHandler):
    """Locks on AXES_FAILURE_LIMIT failures for one account from one address, or AXES_ADDRESS_FAILURE_LIMIT
    failures from one address across all accounts.

    AXES_LOCKOUT_PARAMETERS lists the account-and-address set first and the address second. django-axes
    compares one count with one limit, so the address's count is moved onto the account's scale: it reaches
    AXES_FAILURE_LIMIT exactly when the address has AXES_ADDRESS_FAILURE_LIMIT failures."""

    def get_failures(self, request, credentials=None) -> int:
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(account, address - (settings.AXES_ADDRESS_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT))

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login forgives its own account's failures only: were the address's forgiven too, a
        client spraying other accounts could reset its count by signing in to one of its own."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_attempts.delete()
        return count
