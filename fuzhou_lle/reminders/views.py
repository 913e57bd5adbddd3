"""Pages of the reminders: the in-app notification list, my upcoming deadlines, how I am reminded."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from fuzhou_lle.reminders.forms import ReminderPreferenceForm
from fuzhou_lle.reminders.models import Notification, ReminderLog
from fuzhou_lle.reminders.services import reminder_channel_set
from fuzhou_lle.reminders.sweep import reminders_upcoming


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "fuzhou_lle/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user)


@require_POST
@login_required
def notification_read(request, pk):
    """Mark one notification read; with `open`, go on to what it is about."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification.mark_read(now=timezone.now())
    target = notification.url
    if "open" in request.POST and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


@require_POST
@login_required
def notifications_read_all(request):
    count = Notification.objects.for_user(request.user).unread().mark_read(now=timezone.now())
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("notifications")


@login_required
def my_deadlines(request):
    today = timezone.localdate()
    recent = ReminderLog.objects.for_user(request.user).filter(
        created_at__gte=timezone.now() - timedelta(days=30)
    )
    upcoming = [
        (reminder, (reminder.due_on - today).days, (today - reminder.due_on).days)
        for reminder in reminders_upcoming(user=request.user, today=today)
    ]
    return render(
        request,
        "fuzhou_lle/my_deadlines.html",
        {"upcoming": upcoming, "recent": recent.select_related("digest")[:50]},
    )


@login_required
def reminder_preference(request):
    form = ReminderPreferenceForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        reminder_channel_set(user=request.user, channel=form.cleaned_data["reminder_channel"])
        messages.success(
            request,
            _("提醒方式已保存：%(channel)s。") % {"channel": request.user.get_reminder_channel_display()},
        )
        return redirect("reminder_preference")
    return render(request, "fuzhou_lle/reminder_preference.html", {"form": form})
