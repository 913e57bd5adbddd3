"""The reminders' pages, included at the portal's root (names unprefixed: `notifications`, `my_deadlines`)."""

from django.urls import path

from fuzhou_lle.reminders import views

urlpatterns = [
    path("my/deadlines/", views.my_deadlines, name="my_deadlines"),
    path("my/reminders/", views.reminder_preference, name="reminder_preference"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
