"""终身学习之星 (Star of Lifelong Learning): rounds and nominations of people.

The workflow is the core's (fuzhou_lle.nominations.workflow). A Star is a person: only what the form needs is
collected (no identity-card number), and only name, district, deeds, and the photo when the nominee
consented, are ever public.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.storage import private_storage, private_upload_to
from fuzhou_lle.nominations import workflow


class Round(workflow.AbstractRound):
    class Kind(models.TextChoices):
        STAR = "star", _("终身学习之星")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind, default=Kind.STAR)

    class Meta(workflow.AbstractRound.Meta):
        verbose_name = _("之星推选批次")
        verbose_name_plural = _("之星推选批次")
        constraints = [
            models.CheckConstraint(name="awards_round_kind_valid", condition=Q(kind="star")),
            models.UniqueConstraint(fields=["kind", "year", "batch"], name="awards_round_unique_batch"),
        ]


class DistrictQuota(workflow.AbstractDistrictQuota):
    """A district's places in one awards round, where they differ from the default."""


class Criterion(workflow.AbstractCriterion):
    """A scoring criterion of one awards round."""


class StarNomination(workflow.AbstractNomination):
    class Gender(models.TextChoices):
        FEMALE = "female", _("女")
        MALE = "male", _("男")

    REQUIRED_FOR_SUBMIT = (
        "person_name",
        "gender",
        "birth_year",
        "occupation",
        "deeds",
        "learning_achievements",
        "publication_consent",
    )

    round = models.ForeignKey(
        Round, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="nominations"
    )
    person_name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    occupation = models.CharField(_("职业或工作单位"), max_length=100, blank=True)
    deeds = models.TextField(_("主要事迹"), max_length=1500, blank=True)
    learning_achievements = models.TextField(_("学习成果"), max_length=1000, blank=True)
    photo = models.FileField(
        _("照片"), storage=private_storage, upload_to=private_upload_to, max_length=200, blank=True
    )
    publication_consent = models.BooleanField(
        _("本人同意公开"),
        default=False,
        help_text=_("被推荐人本人同意在公示和“终身学习之星”名录中公开姓名、所在县（市）区、事迹和照片。"),
    )

    class Meta(workflow.AbstractNomination.Meta):
        verbose_name = _("之星推荐")
        verbose_name_plural = _("之星推荐")
        constraints = [workflow.status_constraint("awards_nomination")]

    def __str__(self):
        return self.person_name

    @property
    def name(self):
        return self.person_name

    @property
    def summary(self):
        return self.deeds

    def get_public_url(self):
        return reverse("awards:star", args=[self.pk])


class Transition(workflow.AbstractTransition):
    nomination = models.ForeignKey(
        StarNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="transitions"
    )


class Evidence(workflow.AbstractEvidence):
    nomination = models.ForeignKey(
        StarNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="evidence"
    )


class Assignment(workflow.AbstractAssignment):
    nomination = models.ForeignKey(
        StarNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="assignments"
    )


class Score(workflow.AbstractScore):
    """One reviewer's score on one criterion of a awards nomination."""


class Objection(workflow.AbstractObjection):
    nomination = models.ForeignKey(
        StarNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="objections"
    )
