from django.urls import path

from fuzhou_lle.accounts import views

urlpatterns = [
    path("", views.otp_setup, name="otp_setup"),
    path("enrol/", views.otp_enrol, name="otp_enrol"),
    path("verify/", views.otp_verify, name="otp_verify"),
    path("recovery-codes/", views.otp_codes, name="otp_codes"),
    path("recovery-codes/new/", views.otp_codes_regenerate, name="otp_codes_regenerate"),
]
