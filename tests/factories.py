import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.units.models import District, Unit

PASSWORD = "Test-password-2015"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"测试区{n}")
    code = factory.Sequence(lambda n: f"test{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Unit.Kind.MEMBER


class DistrictCommitteeFactory(UnitFactory):
    kind = Unit.Kind.DISTRICT_COMMITTEE
    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda o: f"{o.district.name}终身教育促进委员会")


class UserFactory(factory.django.DjangoModelFactory):
    """A user in one role: UserFactory(role=Role.DISTRICT, unit=…)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    unit = factory.SubFactory(UnitFactory)
    # The hash itself, as a fixture rather than a password change: set_password() would record one in the
    # audit trail (accounts/passwords.py) for every user a test makes.
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.is_staff = extracted == Role.COMMITTEE
        self.save()
