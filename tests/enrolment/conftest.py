import pytest

from courses.enrolment.signin.session import SESSION_KEY
from courses.enrolment.sms import locmem


@pytest.fixture(autouse=True)
def sms_outbox():
    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


def household_sign_in(client, household):
    session = client.session
    session[SESSION_KEY] = household.pk
    session.save()
