from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import forms, views

admin.site.site_header = _("福州市终身教育促进委员会 管理后台")
admin.site.site_title = _("终身教育门户管理")

# Chinese at the plain addresses whatever the browser asks for; English only under /en/, chosen with the
# language switch.
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("my/", views.my_work, name="my_work"),
    path("", include("fuzhou_lle.reminders.urls")),
    path("text-size/", views.text_size, name="text_size"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=forms.LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("plan/", include("tasks.urls")),
    path("brands/", include("brands.urls")),
    path("awards/", include("awards.urls")),
    path("courses/", include("courses.urls")),
    prefix_default_language=False,
)
urlpatterns += [path("i18n/", include("django.conf.urls.i18n"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
