"""A kind of nomination (brands, Stars), declared once by its app in `<app>/kind.py`.

From the declaration the core derives everything the two apps would otherwise repeat: the shared pages
and their URL patterns, the home and my-work panels, the reminder rules and the admin. The app's own
modules only pass the kit on (`urls.py`: `*KIT.urls()`, `panels.py`, `reminders.py`, `admin.py`), so the
hooks the core finds every app by stay the same for every app.

The models other than the nomination are found through the related names the workflow fixes
(fuzhou_lle.nominations.workflow), so they are not declared a second time.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from fuzhou_lle.hooks import app_modules
from fuzhou_lle.nominations import admin, panels, reminders, services, views


@dataclass(frozen=True)
class Kit:
    namespace: str  # the app's URL namespace: "brands" or "awards"
    nomination_model: type
    nomination_form: type  # the app's ModelForm of its nomination fields
    fields_template: str  # the app's partial showing a nomination's own fields
    title: str  # the kind's name on the home page ("社区教育品牌")
    my_work_title: str  # its heading under 我的工作 ("品牌推荐")
    public_url_name: str  # the public list of results ("brands:registry")
    public_label: str  # the link to it ("查看品牌库")
    rule_prefix: str  # reminder rule names start with it ("brand" → brand_rounds_closing)
    admin_search_fields: tuple[str, ...]
    admin_exclude: tuple[str, ...] = ()  # private fields the admin must not show (a Star's photo)
    publish_results: Callable = services.round_results_publish  # brands also fill their registry

    def _related(self, model, name):
        return model._meta.get_field(name).related_model

    @property
    def round_model(self):
        return self._related(self.nomination_model, "round")

    @property
    def quota_model(self):
        return self._related(self.round_model, "quotas")

    @property
    def criterion_model(self):
        return self._related(self.round_model, "criteria")

    @property
    def transition_model(self):
        return self._related(self.nomination_model, "transitions")

    @property
    def evidence_model(self):
        return self._related(self.nomination_model, "evidence")

    @property
    def assignment_model(self):
        return self._related(self.nomination_model, "assignments")

    @property
    def score_model(self):
        return self._related(self.assignment_model, "scores")

    @property
    def objection_model(self):
        return self._related(self.nomination_model, "objections")

    def urls(self) -> list:
        """The shared pages' URL patterns, for the app's urls.py."""
        return views.nomination_urls(self)

    def home_panel(self, request) -> str:
        return panels.home(
            request,
            kit=self,
            title=self.title,
            public_url=reverse(self.public_url_name),
            public_label=self.public_label,
        )

    def my_work_panel(self, request) -> str | None:
        return panels.my_work(request, kit=self, title=self.my_work_title)

    def reminder_rules(self) -> tuple:
        """Register and return the kind's rules: rounds closing, publicity ending, reviews due."""
        return reminders.register_kind(self)

    def admin_register(self, site) -> None:
        admin.register_kind(self, site)


def kit_named(namespace: str) -> Kit:
    """The kit of the app with that URL namespace, found through each app's `kind.KIT`."""
    for module in app_modules("kind"):
        if module.KIT.namespace == namespace:
            return module.KIT
    raise LookupError(namespace)
