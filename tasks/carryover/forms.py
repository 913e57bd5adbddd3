from typing import Any

from django import forms
from django.utils.translation import gettext as _

from ..models import Task
from .matching import Candidate, ranked, suggestions

# Options offered for each item: the closest earlier tasks; a page of a thousand items each offering every
# earlier task would be a million options.
OPTIONS = 8


class CarryoverForm(forms.Form):
    """For each of this year's tasks: which earlier task it carries on, or none. The closest match, when
    close enough, is chosen in advance and marked as a suggestion; nothing is saved until staff confirm."""

    def __init__(self, data: Any = None, *, tasks: list[Task], candidates: list[Task]) -> None:
        super().__init__(data)
        self.tasks = tasks
        pool = [Candidate(task.pk, task.title) for task in candidates]
        options = ranked({task.pk: task.title for task in tasks}, pool, keep=OPTIONS)
        linked = {task.pk for task in tasks if task.continues_id}
        self.suggested = suggestions(
            {pk: scored for pk, scored in options.items() if pk not in linked},
            taken=[task.continues_id for task in tasks if task.continues_id],
        )
        for task in tasks:
            choices = [("", _("不衔接"))]
            if task.continues and all(
                candidate.pk != task.continues_id for candidate, _s in options[task.pk]
            ):
                choices.append((str(task.continues_id), task.continues.title))
            choices += [
                (
                    str(candidate.pk),
                    _("%(title)s（相似度 %(score)d%%）")
                    % {"title": candidate.title, "score": round(score * 100)},
                )
                for candidate, score in options[task.pk]
            ]
            self.fields[f"task_{task.pk}"] = forms.ChoiceField(
                label=task.title,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select w-auto mw-100"}),
                initial=str(task.continues_id or self.suggested.get(task.pk) or ""),
            )

    def rows(self) -> list[tuple[Task, forms.BoundField, bool]]:
        """(task, its field, whether the choice made in advance is only a suggestion)."""
        return [(task, self[f"task_{task.pk}"], task.pk in self.suggested) for task in self.tasks]

    def links(self) -> dict[int, int | None]:
        """{task pk: earlier task pk or None} as confirmed."""
        return {task.pk: int(self.cleaned_data[f"task_{task.pk}"] or 0) or None for task in self.tasks}
