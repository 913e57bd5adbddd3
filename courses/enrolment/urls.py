from django.urls import path

from .views import learners, public, staff

app_name = "enrolment"

urlpatterns = [
    # Learners (households, signed in by SMS code)
    path("sign-in/", learners.sign_in, name="sign_in"),
    path("sign-in/code/", learners.code_send, name="code_send"),
    path("sign-out/", learners.sign_out, name="sign_out"),
    path("classes/<int:pk>/", learners.class_enrol, name="class_enrol"),
    path("done/<int:pk>/", learners.done, name="done"),
    path("mine/", learners.mine, name="mine"),
    path("mine/data.json", learners.my_data, name="my_data"),
    path("mine/delete/", learners.account_delete, name="account_delete"),
    path("members/new/", learners.member_edit, name="member_create"),
    path("members/<int:pk>/", learners.member_edit, name="member_update"),
    path("members/<int:pk>/delete/", learners.member_delete, name="member_delete"),
    path("members/<int:pk>/certificate/", learners.certificate, name="certificate"),
    path("enrolments/<int:pk>/cancel/", learners.cancel, name="cancel"),
    path("offers/<str:token>/", learners.offer, name="offer"),
    path("check-in/<str:token>/", learners.checkin, name="checkin"),
    # Public
    path("lottery/<int:pk>/", public.lottery, name="lottery"),
    path("lottery/<int:pk>/published.json", public.lottery_data, name="lottery_data"),
    path("lottery/algorithm.py", public.lottery_algorithm, name="lottery_algorithm"),
    path("classes/<int:pk>/qr.svg", public.class_qr, name="class_qr"),
    path("points/<int:pk>/poster/", public.poster, name="poster"),
    # Staff
    path("rules/", staff.rule_list, name="rules"),
    path("rules/new/", staff.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", staff.rule_edit, name="rule_update"),
    path("teach/", staff.teach, name="teach"),
    path("teach/<int:pk>/", staff.roster, name="roster"),
    path("teach/<int:pk>/mark/", staff.mark, name="mark"),
    path("teach/<int:pk>/close/", staff.close, name="close"),
    path("teach/<int:pk>/check-in-code/", staff.checkin_code, name="checkin_code"),
    path("teach/<int:pk>/roster.xlsx", staff.roster_xlsx, name="roster_xlsx"),
    path("teach/<int:pk>/limits/", staff.limits_edit, name="limits"),
    path("figures/", staff.figures_page, name="figures"),
]
