from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from fuzhou_lle.accounts import views as otp_views
from fuzhou_lle.accounts.forms import LoginForm
from fuzhou_lle.audit import views as audit_views
from fuzhou_lle.ops import views as ops_views
from fuzhou_lle.web import views

# An unreachable database answers 503 with a maintenance page rather than a bare 500.
handler500 = "fuzhou_lle.web.views.server_error"

# Only staff who gave their second factor this session reach the admin; they sign in on the portal's page.
admin.site.__class__ = OTPAdminSite
admin.site.login = otp_views.admin_login
admin.site.site_header = _("福州市终身教育促进委员会 管理后台")
admin.site.site_title = _("终身教育门户管理")

# Chinese at the plain addresses whatever the browser asks for; English only under /en/, chosen with the
# language switch.
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("my/", views.my_work, name="my_work"),
    path("", include("fuzhou_lle.reminders.urls")),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("exports/", include("fuzhou_lle.exports.urls")),
    path("text-size/", views.text_size, name="text_size"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/two-factor/", include("fuzhou_lle.accounts.urls")),
    path("admin/", admin.site.urls),
    path("plan/", include("tasks.urls")),
    path("brands/", include("brands.urls")),
    path("awards/", include("awards.urls")),
    path("courses/", include("courses.urls")),
    path("enrol/", include("courses.enrolment.urls")),
    path("system/", include("fuzhou_lle.ops.urls")),
    prefix_default_language=False,
)
urlpatterns += [
    path("i18n/", include("django.conf.urls.i18n")),
    # For load balancers and monitors: no language prefix, no login, never cached.
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
