"""Every URL pattern, admin included, for every persona, against one table.

Each row of TABLE names a URL pattern (its name, or its route when it has none), the method used, and the
answer each persona gets: `2xx`, `3xx` (a redirect somewhere other than the login page), `login` (sent to
sign in), or an exact 4xx code. Patterns with arguments get the objects in ARGS, built so that the second
column of each pair owns them: the task is led by `unit`'s unit, the nominations, teaching point and
offering are `district`'s (鼓楼区), the assignment is `reviewer`'s; `unit2`, `district2` (台江区) and
`reviewer2` are the others. A pattern missing from the table fails the test, which prints the answers it
saw as a row to check and paste.

POST rows send an empty form, each request in a transaction rolled back afterwards, so that one persona's
request never changes what the next one sees.
"""

from dataclasses import dataclass
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.accounts.services import user_create
from fuzhou_lle.units.models import Unit
from tests.nominations import PDF_BYTES, private_storage_dir  # noqa: F401 (fixture)

PERSONAS = ["anon", "committee", "unit", "unit2", "district", "district2", "reviewer", "reviewer2"]
CODES = {"2xx", "3xx", "login", "400", "403", "404", "405"}

TABLE = """
# pattern                                    method anon  cmte  unit  unit2 dist  dist2 rev   rev2
home                                         GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
my_work                                      GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
my_deadlines                                 GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
reminder_preference                          GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
notifications                                GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
notification_read                            POST   login 404   3xx   404   404   404   404   404
notifications_read_all                       POST   login 3xx   3xx   3xx   3xx   3xx   3xx   3xx
text_size                                    POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
login                                        GET    2xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
logout                                       POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
password_change                              GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
password_change_done                         GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
otp_setup                                    GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
otp_enrol                                    GET    login 3xx   2xx   2xx   2xx   2xx   3xx   3xx
otp_verify                                   GET    login 3xx   3xx   3xx   3xx   3xx   3xx   3xx
otp_codes                                    GET    login 3xx   3xx   3xx   3xx   3xx   3xx   3xx
otp_codes_regenerate                         POST   login 3xx   3xx   3xx   3xx   3xx   3xx   3xx
# The admin: staff who passed the second factor, as far as their model permissions go. `login` for a signed-in
# user means the admin's login page, which refuses them (403).
admin:index                                  GET    login 2xx   login login login login login login
admin:login                                  GET    login 3xx   403   403   403   403   403   403
admin:logout                                 POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
admin:password_change                        GET    login 2xx   login login login login login login
admin:password_change_done                   GET    login 2xx   login login login login login login
admin:autocomplete                           GET    login 403   login login login login login login
admin:jsi18n                                 GET    login 2xx   login login login login login login
admin:view_on_site                           GET    login 3xx   login login login login login login
admin:auth_group_changelist                  GET    login 403   login login login login login login
admin:auth_group_add                         GET    login 403   login login login login login login
admin:auth_group_history                     GET    login 403   login login login login login login
admin:auth_group_delete                      GET    login 403   login login login login login login
admin:auth_group_change                      GET    login 403   login login login login login login
admin/auth/group/<path:object_id>/           GET    login 3xx   login login login login login login
admin:axes_accessattempt_changelist          GET    login 403   login login login login login login
admin:axes_accessattempt_add                 GET    login 403   login login login login login login
admin:axes_accessattempt_history             GET    login 3xx   login login login login login login
admin:axes_accessattempt_delete              GET    login 403   login login login login login login
admin:axes_accessattempt_change              GET    login 403   login login login login login login
admin/axes/accessattempt/<path:object_id>/   GET    login 3xx   login login login login login login
admin:axes_accesslog_changelist              GET    login 403   login login login login login login
admin:axes_accesslog_add                     GET    login 403   login login login login login login
admin:axes_accesslog_history                 GET    login 403   login login login login login login
admin:axes_accesslog_delete                  GET    login 403   login login login login login login
admin:axes_accesslog_change                  GET    login 403   login login login login login login
admin/axes/accesslog/<path:object_id>/       GET    login 3xx   login login login login login login
admin:axes_accessfailurelog_changelist       GET    login 403   login login login login login login
admin:axes_accessfailurelog_add              GET    login 403   login login login login login login
admin:axes_accessfailurelog_history          GET    login 3xx   login login login login login login
admin:axes_accessfailurelog_delete           GET    login 403   login login login login login login
admin:axes_accessfailurelog_change           GET    login 403   login login login login login login
admin/axes/accessfailurelog/<path:object_id>/ GET    login 3xx   login login login login login login
admin:otp_totp_totpdevice_config             GET    login 403   login login login login login login
admin:otp_totp_totpdevice_qrcode             GET    login 403   login login login login login login
admin:otp_totp_totpdevice_changelist         GET    login 403   login login login login login login
admin:otp_totp_totpdevice_add                GET    login 403   login login login login login login
admin:otp_totp_totpdevice_history            GET    login 403   login login login login login login
admin:otp_totp_totpdevice_delete             GET    login 403   login login login login login login
admin:otp_totp_totpdevice_change             GET    login 403   login login login login login login
admin/otp_totp/totpdevice/<path:object_id>/  GET    login 3xx   login login login login login login
admin:otp_static_staticdevice_changelist     GET    login 403   login login login login login login
admin:otp_static_staticdevice_add            GET    login 403   login login login login login login
admin:otp_static_staticdevice_history        GET    login 3xx   login login login login login login
admin:otp_static_staticdevice_delete         GET    login 403   login login login login login login
admin:otp_static_staticdevice_change         GET    login 403   login login login login login login
admin/otp_static/staticdevice/<path:object_id>/ GET    login 3xx   login login login login login login
admin:fuzhou_lle_district_changelist         GET    login 2xx   login login login login login login
admin:fuzhou_lle_district_add                GET    login 2xx   login login login login login login
admin:fuzhou_lle_district_history            GET    login 2xx   login login login login login login
admin:fuzhou_lle_district_delete             GET    login 403   login login login login login login
admin:fuzhou_lle_district_change             GET    login 2xx   login login login login login login
admin/fuzhou_lle/district/<path:object_id>/  GET    login 3xx   login login login login login login
admin:fuzhou_lle_unit_changelist             GET    login 2xx   login login login login login login
admin:fuzhou_lle_unit_add                    GET    login 2xx   login login login login login login
admin:fuzhou_lle_unit_history                GET    login 2xx   login login login login login login
admin:fuzhou_lle_unit_delete                 GET    login 403   login login login login login login
admin:fuzhou_lle_unit_change                 GET    login 2xx   login login login login login login
admin/fuzhou_lle/unit/<path:object_id>/      GET    login 3xx   login login login login login login
admin:auth_user_password_change              GET    login 403   login login login login login login
admin:fuzhou_lle_user_changelist             GET    login 403   login login login login login login
admin:fuzhou_lle_user_add                    GET    login 403   login login login login login login
admin:fuzhou_lle_user_history                GET    login 403   login login login login login login
admin:fuzhou_lle_user_delete                 GET    login 403   login login login login login login
admin:fuzhou_lle_user_change                 GET    login 403   login login login login login login
admin/fuzhou_lle/user/<path:object_id>/      GET    login 3xx   login login login login login login
admin:fuzhou_lle_reminderlog_changelist      GET    login 2xx   login login login login login login
admin:fuzhou_lle_reminderlog_add             GET    login 403   login login login login login login
admin:fuzhou_lle_reminderlog_history         GET    login 3xx   login login login login login login
admin:fuzhou_lle_reminderlog_delete          GET    login 403   login login login login login login
admin:fuzhou_lle_reminderlog_change          GET    login 3xx   login login login login login login
admin/fuzhou_lle/reminderlog/<path:object_id>/ GET    login 3xx   login login login login login login
admin:fuzhou_lle_digestdelivery_changelist   GET    login 2xx   login login login login login login
admin:fuzhou_lle_digestdelivery_add          GET    login 403   login login login login login login
admin:fuzhou_lle_digestdelivery_history      GET    login 3xx   login login login login login login
admin:fuzhou_lle_digestdelivery_delete       GET    login 403   login login login login login login
admin:fuzhou_lle_digestdelivery_change       GET    login 3xx   login login login login login login
admin/fuzhou_lle/digestdelivery/<path:object_id>/ GET    login 3xx   login login login login login login
admin:fuzhou_lle_notification_changelist     GET    login 403   login login login login login login
admin:fuzhou_lle_notification_add            GET    login 403   login login login login login login
admin:fuzhou_lle_notification_history        GET    login 403   login login login login login login
admin:fuzhou_lle_notification_delete         GET    login 403   login login login login login login
admin:fuzhou_lle_notification_change         GET    login 403   login login login login login login
admin/fuzhou_lle/notification/<path:object_id>/ GET    login 3xx   login login login login login login
admin:tasks_workplan_changelist              GET    login 2xx   login login login login login login
admin:tasks_workplan_add                     GET    login 403   login login login login login login
admin:tasks_workplan_history                 GET    login 2xx   login login login login login login
admin:tasks_workplan_delete                  GET    login 403   login login login login login login
admin:tasks_workplan_change                  GET    login 2xx   login login login login login login
admin/tasks/workplan/<path:object_id>/       GET    login 3xx   login login login login login login
admin:tasks_section_changelist               GET    login 2xx   login login login login login login
admin:tasks_section_add                      GET    login 403   login login login login login login
admin:tasks_section_history                  GET    login 2xx   login login login login login login
admin:tasks_section_delete                   GET    login 403   login login login login login login
admin:tasks_section_change                   GET    login 2xx   login login login login login login
admin/tasks/section/<path:object_id>/        GET    login 3xx   login login login login login login
admin:tasks_task_changelist                  GET    login 2xx   login login login login login login
admin:tasks_task_add                         GET    login 403   login login login login login login
admin:tasks_task_history                     GET    login 2xx   login login login login login login
admin:tasks_task_delete                      GET    login 403   login login login login login login
admin:tasks_task_change                      GET    login 2xx   login login login login login login
admin/tasks/task/<path:object_id>/           GET    login 3xx   login login login login login login
admin:tasks_milestone_changelist             GET    login 2xx   login login login login login login
admin:tasks_milestone_add                    GET    login 403   login login login login login login
admin:tasks_milestone_history                GET    login 2xx   login login login login login login
admin:tasks_milestone_delete                 GET    login 403   login login login login login login
admin:tasks_milestone_change                 GET    login 2xx   login login login login login login
admin/tasks/milestone/<path:object_id>/      GET    login 3xx   login login login login login login
admin:tasks_progressreport_changelist        GET    login 2xx   login login login login login login
admin:tasks_progressreport_add               GET    login 403   login login login login login login
admin:tasks_progressreport_history           GET    login 2xx   login login login login login login
admin:tasks_progressreport_delete            GET    login 403   login login login login login login
admin:tasks_progressreport_change            GET    login 2xx   login login login login login login
admin/tasks/progressreport/<path:object_id>/ GET    login 3xx   login login login login login login
admin:brands_round_changelist                GET    login 2xx   login login login login login login
admin:brands_round_add                       GET    login 403   login login login login login login
admin:brands_round_history                   GET    login 2xx   login login login login login login
admin:brands_round_delete                    GET    login 403   login login login login login login
admin:brands_round_change                    GET    login 2xx   login login login login login login
admin/brands/round/<path:object_id>/         GET    login 3xx   login login login login login login
admin:brands_brandnomination_changelist      GET    login 2xx   login login login login login login
admin:brands_brandnomination_add             GET    login 403   login login login login login login
admin:brands_brandnomination_history         GET    login 2xx   login login login login login login
admin:brands_brandnomination_delete          GET    login 403   login login login login login login
admin:brands_brandnomination_change          GET    login 2xx   login login login login login login
admin/brands/brandnomination/<path:object_id>/ GET    login 3xx   login login login login login login
admin:brands_objection_changelist            GET    login 2xx   login login login login login login
admin:brands_objection_add                   GET    login 403   login login login login login login
admin:brands_objection_history               GET    login 3xx   login login login login login login
admin:brands_objection_delete                GET    login 403   login login login login login login
admin:brands_objection_change                GET    login 3xx   login login login login login login
admin/brands/objection/<path:object_id>/     GET    login 3xx   login login login login login login
admin:brands_assignment_changelist           GET    login 2xx   login login login login login login
admin:brands_assignment_add                  GET    login 403   login login login login login login
admin:brands_assignment_history              GET    login 2xx   login login login login login login
admin:brands_assignment_delete               GET    login 403   login login login login login login
admin:brands_assignment_change               GET    login 2xx   login login login login login login
admin/brands/assignment/<path:object_id>/    GET    login 3xx   login login login login login login
admin:brands_brand_changelist                GET    login 2xx   login login login login login login
admin:brands_brand_add                       GET    login 403   login login login login login login
admin:brands_brand_history                   GET    login 2xx   login login login login login login
admin:brands_brand_delete                    GET    login 403   login login login login login login
admin:brands_brand_change                    GET    login 2xx   login login login login login login
admin/brands/brand/<path:object_id>/         GET    login 3xx   login login login login login login
admin:awards_round_changelist                GET    login 2xx   login login login login login login
admin:awards_round_add                       GET    login 403   login login login login login login
admin:awards_round_history                   GET    login 2xx   login login login login login login
admin:awards_round_delete                    GET    login 403   login login login login login login
admin:awards_round_change                    GET    login 2xx   login login login login login login
admin/awards/round/<path:object_id>/         GET    login 3xx   login login login login login login
admin:awards_starnomination_changelist       GET    login 2xx   login login login login login login
admin:awards_starnomination_add              GET    login 403   login login login login login login
admin:awards_starnomination_history          GET    login 2xx   login login login login login login
admin:awards_starnomination_delete           GET    login 403   login login login login login login
admin:awards_starnomination_change           GET    login 2xx   login login login login login login
admin/awards/starnomination/<path:object_id>/ GET    login 3xx   login login login login login login
admin:awards_objection_changelist            GET    login 2xx   login login login login login login
admin:awards_objection_add                   GET    login 403   login login login login login login
admin:awards_objection_history               GET    login 3xx   login login login login login login
admin:awards_objection_delete                GET    login 403   login login login login login login
admin:awards_objection_change                GET    login 3xx   login login login login login login
admin/awards/objection/<path:object_id>/     GET    login 3xx   login login login login login login
admin:awards_assignment_changelist           GET    login 2xx   login login login login login login
admin:awards_assignment_add                  GET    login 403   login login login login login login
admin:awards_assignment_history              GET    login 2xx   login login login login login login
admin:awards_assignment_delete               GET    login 403   login login login login login login
admin:awards_assignment_change               GET    login 2xx   login login login login login login
admin/awards/assignment/<path:object_id>/    GET    login 3xx   login login login login login login
admin:courses_category_changelist            GET    login 2xx   login login login login login login
admin:courses_category_add                   GET    login 2xx   login login login login login login
admin:courses_category_history               GET    login 2xx   login login login login login login
admin:courses_category_delete                GET    login 2xx   login login login login login login
admin:courses_category_change                GET    login 2xx   login login login login login login
admin/courses/category/<path:object_id>/     GET    login 3xx   login login login login login login
admin:courses_audience_changelist            GET    login 2xx   login login login login login login
admin:courses_audience_add                   GET    login 2xx   login login login login login login
admin:courses_audience_history               GET    login 2xx   login login login login login login
admin:courses_audience_delete                GET    login 2xx   login login login login login login
admin:courses_audience_change                GET    login 2xx   login login login login login login
admin/courses/audience/<path:object_id>/     GET    login 3xx   login login login login login login
admin:courses_term_changelist                GET    login 2xx   login login login login login login
admin:courses_term_add                       GET    login 2xx   login login login login login login
admin:courses_term_history                   GET    login 2xx   login login login login login login
admin:courses_term_delete                    GET    login 2xx   login login login login login login
admin:courses_term_change                    GET    login 2xx   login login login login login login
admin/courses/term/<path:object_id>/         GET    login 3xx   login login login login login login
admin:courses_course_changelist              GET    login 2xx   login login login login login login
admin:courses_course_add                     GET    login 2xx   login login login login login login
admin:courses_course_history                 GET    login 2xx   login login login login login login
admin:courses_course_delete                  GET    login 2xx   login login login login login login
admin:courses_course_change                  GET    login 2xx   login login login login login login
admin/courses/course/<path:object_id>/       GET    login 3xx   login login login login login login
admin:courses_teacher_changelist             GET    login 2xx   login login login login login login
admin:courses_teacher_add                    GET    login 2xx   login login login login login login
admin:courses_teacher_history                GET    login 2xx   login login login login login login
admin:courses_teacher_delete                 GET    login 2xx   login login login login login login
admin:courses_teacher_change                 GET    login 2xx   login login login login login login
admin/courses/teacher/<path:object_id>/      GET    login 3xx   login login login login login login
admin:courses_textbook_changelist            GET    login 2xx   login login login login login login
admin:courses_textbook_add                   GET    login 2xx   login login login login login login
admin:courses_textbook_history               GET    login 2xx   login login login login login login
admin:courses_textbook_delete                GET    login 2xx   login login login login login login
admin:courses_textbook_change                GET    login 2xx   login login login login login login
admin/courses/textbook/<path:object_id>/     GET    login 3xx   login login login login login login
admin:courses_teachingpoint_changelist       GET    login 2xx   login login login login login login
admin:courses_teachingpoint_add              GET    login 403   login login login login login login
admin:courses_teachingpoint_history          GET    login 2xx   login login login login login login
admin:courses_teachingpoint_delete           GET    login 403   login login login login login login
admin:courses_teachingpoint_change           GET    login 2xx   login login login login login login
admin/courses/teachingpoint/<path:object_id>/ GET    login 3xx   login login login login login login
admin:courses_offering_changelist            GET    login 2xx   login login login login login login
admin:courses_offering_add                   GET    login 403   login login login login login login
admin:courses_offering_history               GET    login 2xx   login login login login login login
admin:courses_offering_delete                GET    login 403   login login login login login login
admin:courses_offering_change                GET    login 2xx   login login login login login login
admin/courses/offering/<path:object_id>/     GET    login 3xx   login login login login login login
admin:enrolment_enrolmentrule_changelist     GET    login 2xx   login login login login login login
admin:enrolment_enrolmentrule_add            GET    login 403   login login login login login login
admin:enrolment_enrolmentrule_history        GET    login 2xx   login login login login login login
admin:enrolment_enrolmentrule_delete         GET    login 403   login login login login login login
admin:enrolment_enrolmentrule_change         GET    login 2xx   login login login login login login
admin/enrolment/enrolmentrule/<path:object_id>/ GET    login 3xx   login login login login login login
admin:enrolment_enrolment_changelist         GET    login 2xx   login login login login login login
admin:enrolment_enrolment_add                GET    login 403   login login login login login login
admin:enrolment_enrolment_history            GET    login 2xx   login login login login login login
admin:enrolment_enrolment_delete             GET    login 403   login login login login login login
admin:enrolment_enrolment_change             GET    login 2xx   login login login login login login
admin/enrolment/enrolment/<path:object_id>/  GET    login 3xx   login login login login login login
admin:enrolment_classlimits_changelist       GET    login 2xx   login login login login login login
admin:enrolment_classlimits_add              GET    login 403   login login login login login login
admin:enrolment_classlimits_history          GET    login 2xx   login login login login login login
admin:enrolment_classlimits_delete           GET    login 403   login login login login login login
admin:enrolment_classlimits_change           GET    login 2xx   login login login login login login
admin/enrolment/classlimits/<path:object_id>/ GET    login 3xx   login login login login login login
admin:enrolment_classsession_changelist      GET    login 2xx   login login login login login login
admin:enrolment_classsession_add             GET    login 403   login login login login login login
admin:enrolment_classsession_history         GET    login 2xx   login login login login login login
admin:enrolment_classsession_delete          GET    login 403   login login login login login login
admin:enrolment_classsession_change          GET    login 2xx   login login login login login login
admin/enrolment/classsession/<path:object_id>/ GET    login 3xx   login login login login login login
admin:enrolment_attendance_changelist        GET    login 2xx   login login login login login login
admin:enrolment_attendance_add               GET    login 403   login login login login login login
admin:enrolment_attendance_history           GET    login 2xx   login login login login login login
admin:enrolment_attendance_delete            GET    login 403   login login login login login login
admin:enrolment_attendance_change            GET    login 2xx   login login login login login login
admin/enrolment/attendance/<path:object_id>/ GET    login 3xx   login login login login login login
admin:enrolment_household_changelist         GET    login 403   login login login login login login
admin:enrolment_household_add                GET    login 403   login login login login login login
admin:enrolment_household_history            GET    login 403   login login login login login login
admin:enrolment_household_delete             GET    login 403   login login login login login login
admin:enrolment_household_change             GET    login 403   login login login login login login
admin/enrolment/household/<path:object_id>/  GET    login 3xx   login login login login login login
admin:enrolment_member_changelist            GET    login 403   login login login login login login
admin:enrolment_member_add                   GET    login 403   login login login login login login
admin:enrolment_member_history               GET    login 403   login login login login login login
admin:enrolment_member_delete                GET    login 403   login login login login login login
admin:enrolment_member_change                GET    login 403   login login login login login login
admin/enrolment/member/<path:object_id>/     GET    login 3xx   login login login login login login
admin:enrolment_signincode_changelist        GET    login 403   login login login login login login
admin:enrolment_signincode_add               GET    login 403   login login login login login login
admin:enrolment_signincode_history           GET    login 3xx   login login login login login login
admin:enrolment_signincode_delete            GET    login 403   login login login login login login
admin:enrolment_signincode_change            GET    login 403   login login login login login login
admin/enrolment/signincode/<path:object_id>/ GET    login 3xx   login login login login login login
admin:enrolment_householdnotice_changelist   GET    login 403   login login login login login login
admin:enrolment_householdnotice_add          GET    login 403   login login login login login login
admin:enrolment_householdnotice_history      GET    login 403   login login login login login login
admin:enrolment_householdnotice_delete       GET    login 403   login login login login login login
admin:enrolment_householdnotice_change       GET    login 403   login login login login login login
admin/enrolment/householdnotice/<path:object_id>/ GET    login 3xx   login login login login login login
admin:enrolment_teacheraccount_changelist    GET    login 403   login login login login login login
admin:enrolment_teacheraccount_add           GET    login 403   login login login login login login
admin:enrolment_teacheraccount_history       GET    login 403   login login login login login login
admin:enrolment_teacheraccount_delete        GET    login 403   login login login login login login
admin:enrolment_teacheraccount_change        GET    login 403   login login login login login login
admin/enrolment/teacheraccount/<path:object_id>/ GET    login 3xx   login login login login login login
admin:app_list                               GET    login 2xx   login login login login login login
admin/(?P<url>.*)$                           GET    login 404   login login login login login login
# The apps: the objects are `unit`'s task, `district`'s (鼓楼区) nominations, point and offering, `reviewer`'s
# assignment.
tasks:overview                               GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:list                                   GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:mine                                   GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:detail                                 GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:report                                 GET    login 403   2xx   403   403   403   403   403
tasks:responsible                            GET    login 2xx   2xx   403   403   403   403   403
tasks:milestone_create                       GET    login 2xx   2xx   403   403   403   403   403
tasks:milestone_edit                         GET    login 2xx   403   403   403   403   403   403
tasks:milestone_done                         POST   login 3xx   403   403   403   403   403   403
tasks:milestone_decide                       POST   login 3xx   403   403   403   403   403   403
tasks:report_accept                          POST   login 3xx   403   403   403   403   403   403
tasks:evidence                               GET    login 2xx   2xx   404   404   404   404   404
tasks:dashboard                              GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:ledger                                 GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:bulletin                               GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
tasks:import                                 GET    login 2xx   404   404   404   404   404   404
tasks:import_preview                         GET    login 3xx   404   404   404   404   404   404
tasks:carryover                              GET    login 2xx   404   404   404   404   404   404
brands:registry                              GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
brands:brand                                 GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
brands:inspection_schedule                   POST   login 3xx   403   403   403   403   403   403
brands:inspection_record                     POST   login 3xx   403   403   403   403   403   403
brands:rounds                                GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
brands:round_detail                          GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
brands:round_create                          GET    login 2xx   403   403   403   403   403   403
brands:round_edit                            GET    login 403   403   403   403   403   403   403
brands:nomination_create                     GET    login 403   403   403   403   403   403   403
brands:ranking                               GET    login 2xx   403   403   403   403   403   403
brands:rewards                               GET    login 2xx   403   403   403   403   403   403
brands:round_publicity                       POST   login 3xx   403   403   403   403   403   403
brands:round_publish                         POST   login 3xx   403   403   403   403   403   403
brands:publicity                             GET    404   404   404   404   404   404   404   404
brands:nomination_detail                     GET    login 2xx   404   404   2xx   404   2xx   404
brands:nomination_edit                       GET    login 403   404   404   2xx   404   404   404
brands:evidence_upload                       POST   login 403   404   404   3xx   404   404   404
brands:objection                             GET    404   404   404   404   404   404   404   404
brands:nomination_action                     POST   login 3xx   404   404   403   404   403   404
brands:evidence                              GET    login 2xx   404   404   2xx   404   2xx   404
brands:evidence_delete                       POST   login 403   404   404   3xx   404   404   404
brands:score                                 GET    login 404   404   404   404   404   2xx   404
awards:stars                                 GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
awards:star                                  GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
awards:star_photo                            GET    404   404   404   404   404   404   404   404
awards:nomination_photo                      GET    login 404   404   404   404   404   404   404
awards:rounds                                GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
awards:round_detail                          GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
awards:round_create                          GET    login 2xx   403   403   403   403   403   403
awards:round_edit                            GET    login 403   403   403   403   403   403   403
awards:nomination_create                     GET    login 403   403   403   403   403   403   403
awards:ranking                               GET    login 2xx   403   403   403   403   403   403
awards:rewards                               GET    login 2xx   403   403   403   403   403   403
awards:round_publicity                       POST   login 3xx   403   403   403   403   403   403
awards:round_publish                         POST   login 3xx   403   403   403   403   403   403
awards:publicity                             GET    404   404   404   404   404   404   404   404
awards:nomination_detail                     GET    login 2xx   404   404   2xx   404   2xx   404
awards:nomination_edit                       GET    login 403   404   404   2xx   404   404   404
awards:evidence_upload                       POST   login 403   404   404   3xx   404   404   404
awards:objection                             GET    404   404   404   404   404   404   404   404
awards:nomination_action                     POST   login 3xx   404   404   403   404   403   404
awards:evidence                              GET    login 2xx   404   404   2xx   404   2xx   404
awards:evidence_delete                       POST   login 403   404   404   3xx   404   404   404
awards:score                                 GET    login 404   404   404   404   404   2xx   404
courses:guide                                GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:compiled                             GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:offering                             GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:offering_calendar                    GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:course                               GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:point                                GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:point_calendar                       GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:teacher                              GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:textbook                             GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:point_list                           GET    login 403   403   403   2xx   2xx   403   403
courses:point_create                         GET    login 403   403   403   2xx   2xx   403   403
courses:point_update                         GET    login 403   403   403   2xx   404   403   403
courses:point_delete                         POST   login 403   403   403   3xx   404   403   403
courses:offering_list                        GET    login 403   403   403   2xx   2xx   403   403
courses:offering_create                      GET    login 403   403   403   2xx   2xx   403   403
courses:offering_update                      GET    login 403   403   403   2xx   404   403   403
courses:offering_delete                      POST   login 403   403   403   3xx   404   403   403
courses:import                               GET    login 403   403   403   2xx   2xx   403   403
courses:import_confirm                       POST   login 403   403   403   3xx   3xx   403   403
courses:import_template                      GET    login 403   403   403   2xx   2xx   403   403
courses:propose                              GET    login 403   403   403   2xx   2xx   403   403
courses:proposals                            GET    login 2xx   404   404   404   404   404   404
courses:proposal_decide                      POST   login 3xx   403   403   403   403   403   403
courses:api_schema                           GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:api-offering-list                    GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:api-offering-detail                  GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:api-point-list                       GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:api-point-detail                     GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:api-course-list                      GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
courses:api-course-detail                    GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
set_language                                 GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
audit_log                                    GET    login 2xx   404   404   404   404   404   404
# Exports belong to whoever asked for them (the committee here); anyone else's is not found.
exports:list                                 GET    login 2xx   2xx   2xx   2xx   2xx   2xx   2xx
exports:detail                               GET    login 2xx   404   404   404   404   404   404
exports:download                             GET    login 2xx   404   404   404   404   404   404
admin:fuzhou_lle_unitalias_changelist        GET    login 2xx   login login login login login login
admin:fuzhou_lle_unitalias_add               GET    login 2xx   login login login login login login
admin:fuzhou_lle_unitalias_history           GET    login 2xx   login login login login login login
admin:fuzhou_lle_unitalias_delete            GET    login 2xx   login login login login login login
admin:fuzhou_lle_unitalias_change            GET    login 2xx   login login login login login login
admin/fuzhou_lle/unitalias/<path:object_id>/ GET    login 3xx   login login login login login login
admin:fuzhou_lle_auditevent_changelist       GET    login 2xx   login login login login login login
admin:fuzhou_lle_auditevent_add              GET    login 403   login login login login login login
admin:fuzhou_lle_auditevent_history          GET    login 2xx   login login login login login login
admin:fuzhou_lle_auditevent_delete           GET    login 403   login login login login login login
admin:fuzhou_lle_auditevent_change           GET    login 2xx   login login login login login login
admin/fuzhou_lle/auditevent/<path:object_id>/ GET    login 3xx   login login login login login login
tasks:report_return                          POST   login 3xx   403   403   403   403   403   403
tasks:urge                                   POST   login 403   403   403   403   403   403   403
tasks:publish                                POST   login 3xx   403   403   403   403   403   403
tasks:summary                                GET    login 2xx   404   404   404   404   404   404
courses:teacher_photo                        GET    404   404   404   404   404   404   404   404
courses:textbook_file                        GET    404   404   404   404   404   404   404   404
courses:api-root                             GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
# 报名: households sign in by SMS code and are never portal users, so every persona here is a visitor to the
# learners' pages (sent to the learners' sign-in: 3xx); tests/enrolment/test_matrix.py asks as households and
# teachers.
enrolment:sign_in                            GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
enrolment:code_send                          POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:sign_out                           POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:class_enrol                        GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
enrolment:done                               GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:mine                               GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:my_data                            GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:account_delete                     GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:member_create                      GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:member_update                      GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:member_delete                      POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:certificate                        GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:cancel                             POST   3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:offer                              GET    400   400   400   400   400   400   400   400
enrolment:checkin                            GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
enrolment:lottery                            GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
enrolment:lottery_data                       GET    404   404   404   404   404   404   404   404
enrolment:lottery_algorithm                  GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
enrolment:class_qr                           GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
enrolment:poster                             GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
enrolment:rules                              GET    login 2xx   403   403   2xx   2xx   403   403
enrolment:rule_create                        GET    login 3xx   403   403   2xx   2xx   403   403
enrolment:rule_update                        GET    login 2xx   403   403   2xx   404   403   403
enrolment:teach                              GET    login 403   403   403   2xx   2xx   403   403
enrolment:roster                             GET    login 404   404   404   2xx   404   404   404
enrolment:mark                               POST   login 404   404   404   404   404   404   404
enrolment:close                              POST   login 404   404   404   3xx   404   404   404
enrolment:checkin_code                       GET    login 404   404   404   2xx   404   404   404
enrolment:roster_xlsx                        GET    login 404   404   404   2xx   404   404   404
enrolment:limits                             GET    login 404   404   404   2xx   404   404   404
enrolment:figures                            GET    login 2xx   403   403   2xx   2xx   403   403
ops:system                                   GET    login 2xx   404   404   404   404   404   404
healthz                                      GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
readyz                                       GET    2xx   2xx   2xx   2xx   2xx   2xx   2xx   2xx
favicon                                      GET    3xx   3xx   3xx   3xx   3xx   3xx   3xx   3xx
"""


@dataclass(frozen=True)
class Row:
    method: str
    answers: dict


def parse(table):
    rows = {}
    for line in table.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, method, *answers = line.split()
        assert method in ("GET", "POST"), f"{key}: method {method}"
        assert len(answers) == len(PERSONAS), f"{key}: {len(answers)} answers for {len(PERSONAS)} personas"
        assert set(answers) <= CODES, f"{key}: unknown answer in {answers}"
        assert key not in rows, f"{key}: two rows"
        rows[key] = Row(method, dict(zip(PERSONAS, answers, strict=True)))
    return rows


def patterns(resolver=None, namespace="", prefix=""):
    """(key, pattern, route) for every URL pattern the site answers."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, inner, route)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else route), entry, route


@pytest.fixture
def world(db, private_storage_dir):  # noqa: F811
    """The demo, two more personas, and the objects whose pages the table asks about."""
    from awards.models import Assignment as StarAssignment
    from awards.models import Evidence as StarEvidence
    from awards.models import StarNomination
    from brands.models import Assignment as BrandAssignment
    from brands.models import Brand, BrandNomination
    from brands.models import Evidence as BrandEvidence
    from courses.models import Offering, Proposal, TeachingPoint
    from fuzhou_lle.exports.models import ExportJob
    from tasks.models import Evidence as TaskEvidence
    from tasks.models import Milestone, TaskUnit
    from tasks.services import progress_report_create
    from tests.courses.factories import TeacherFactory
    from tests.tasks.factories import TaskFactory

    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    user_create(username="unit2", password="x" * 12, role=Role.UNIT, unit=Unit.objects.get(name="市总工会"))
    user_create(
        username="reviewer2", password="x" * 12, role=Role.REVIEWER, unit=Unit.objects.get(name="市社区大学")
    )
    users = {name: User.objects.get(username=name) for name in PERSONAS if name != "anon"}

    # Every demo task of 市民政局 has all member units supporting; this one is 市民政局's alone.
    lead = TaskUnit.objects.create(task=TaskFactory(), unit=users["unit"].unit, role=TaskUnit.Role.LEAD)
    Milestone.objects.create(task=lead.task, title="节点", due_on=lead.task.due_on)
    Milestone.objects.create(
        task=lead.task,
        title="提议",
        due_on=lead.task.due_on,
        state=Milestone.State.PROPOSED,
        proposed_by=users["unit"],
    )
    report = progress_report_create(
        task=lead.task, user=users["unit"], kind="progress", text="进展", percent=10
    )
    task_evidence = TaskEvidence.objects.create(
        report=report,
        file=ContentFile(PDF_BYTES, "proof.pdf"),
        name="证明.pdf",
        size=len(PDF_BYTES),
        content_type="application/pdf",
    )
    brand_assignment = BrandAssignment.objects.get(
        reviewer=users["reviewer"], nomination__district__code="gulou"
    )
    star_assignment = StarAssignment.objects.get(
        reviewer=users["reviewer"], nomination__district__code="gulou"
    )
    brand_draft = BrandNomination.objects.filter(district__code="gulou", status="draft").first()
    star_draft = StarNomination.objects.filter(district__code="gulou", status="draft").first()
    point = TeachingPoint.objects.filter(district__code="gulou").first()
    export_job = ExportJob.objects.create(
        owner=users["committee"],
        title="工作台账",
        builder="tasks.selectors.ledger_export",
        rows_total=1,
        rows_done=1,
        state=ExportJob.State.DONE,
        file=ContentFile(b"PK", "export.xlsx"),
        filename="台账.xlsx",
        finished_at=report.created_at,
    )
    return SimpleNamespace(
        export_job=export_job,
        users=users,
        task=lead.task,
        task_unit=lead,
        milestone=Milestone.objects.filter(task=lead.task, done_on=None).first(),
        proposed=Milestone.objects.get(task=lead.task, state=Milestone.State.PROPOSED),
        report=report,
        task_evidence=task_evidence,
        brand_nomination=brand_assignment.nomination,
        brand_draft=brand_draft,
        brand_assignment=brand_assignment,
        brand_evidence=BrandEvidence.objects.filter(nomination=brand_assignment.nomination).first(),
        brand_draft_evidence=BrandEvidence.objects.filter(nomination=brand_draft).first(),
        brand=Brand.objects.filter(nomination__district__code="gulou").first(),
        star_nomination=star_assignment.nomination,
        star_assignment=star_assignment,
        star_draft=star_draft,
        star_evidence=StarEvidence.objects.filter(nomination=star_assignment.nomination).first(),
        star_draft_evidence=StarEvidence.objects.filter(nomination=star_draft).first(),
        star=StarNomination.objects.filter(status="selected").first(),
        point=point,
        offering=Offering.objects.filter(teaching_point=point).first(),
        teacher=TeacherFactory(status=Proposal.PENDING, proposed_by=users["district"].unit),
    )


def _nomination_args(kind, prefix):
    def nomination(w):
        return {"pk": getattr(w, f"{prefix}_nomination").pk}

    def draft(w):
        return {"pk": getattr(w, f"{prefix}_draft").pk}

    return {
        f"{kind}:round_detail": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:round_edit": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:nomination_create": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:ranking": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:rewards": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:round_publicity": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:round_publish": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:publicity": lambda w: {"pk": getattr(w, f"{prefix}_nomination").round_id},
        f"{kind}:nomination_detail": nomination,
        f"{kind}:nomination_edit": draft,
        f"{kind}:evidence_upload": draft,
        f"{kind}:objection": nomination,
        f"{kind}:nomination_action": lambda w: {**nomination(w), "action": "shortlist"},
        f"{kind}:evidence": lambda w: {"pk": getattr(w, f"{prefix}_evidence").pk},
        f"{kind}:evidence_delete": lambda w: {"pk": getattr(w, f"{prefix}_draft_evidence").pk},
        f"{kind}:score": lambda w: {"pk": getattr(w, f"{prefix}_assignment").pk},
    }


# The objects each pattern with arguments is asked about (admin patterns find theirs by model).
ARGS = {
    "exports:detail": lambda w: {"pk": w.export_job.pk},
    "exports:download": lambda w: {"pk": w.export_job.pk},
    "notification_read": lambda w: {"pk": w.users["unit"].notifications.create(message="提醒").pk},
    "tasks:detail": lambda w: {"pk": w.task.pk},
    "tasks:report": lambda w: {"pk": w.task.pk},
    "tasks:responsible": lambda w: {"pk": w.task_unit.pk},
    "tasks:milestone_create": lambda w: {"pk": w.task.pk},
    "tasks:milestone_edit": lambda w: {"pk": w.milestone.pk},
    "tasks:milestone_done": lambda w: {"pk": w.milestone.pk},
    "tasks:milestone_decide": lambda w: {"pk": w.proposed.pk},
    "tasks:report_accept": lambda w: {"pk": w.report.pk},
    "tasks:report_return": lambda w: {"pk": w.report.pk},
    "tasks:urge": lambda w: {"pk": w.task.pk},
    "tasks:publish": lambda w: {"year": w.task.plan.year},
    "tasks:carryover": lambda w: {"year": w.task.plan.year},
    "tasks:evidence": lambda w: {"pk": w.task_evidence.pk},
    "brands:brand": lambda w: {"pk": w.brand.pk},
    "brands:inspection_schedule": lambda w: {"pk": w.brand.pk},
    "brands:inspection_record": lambda w: {"pk": w.brand.inspections.first().pk},
    **_nomination_args("brands", "brand"),
    **_nomination_args("awards", "star"),
    "awards:star": lambda w: {"pk": w.star.pk},
    "awards:star_photo": lambda w: {"pk": w.star.pk},
    "awards:nomination_photo": lambda w: {"pk": w.star_nomination.pk},
    "courses:offering": lambda w: {"pk": w.offering.pk},
    "courses:offering_calendar": lambda w: {"pk": w.offering.pk},
    "courses:course": lambda w: {"pk": w.offering.course_id},
    "courses:point": lambda w: {"pk": w.point.pk},
    "courses:point_calendar": lambda w: {"pk": w.point.pk},
    "courses:teacher": lambda w: {"pk": w.offering.teacher_id},
    "courses:teacher_photo": lambda w: {"pk": w.offering.teacher_id},
    "courses:textbook_file": lambda w: {"pk": w.offering.course.textbooks.first().pk},
    "courses:textbook": lambda w: {"pk": w.offering.course.textbooks.first().pk},
    "courses:point_update": lambda w: {"pk": w.point.pk},
    "courses:point_delete": lambda w: {"pk": w.point.pk},
    "courses:offering_update": lambda w: {"pk": w.offering.pk},
    "courses:offering_delete": lambda w: {"pk": w.offering.pk},
    "courses:propose": lambda w: {"kind": "teacher"},
    "courses:proposal_decide": lambda w: {"kind": "teacher", "pk": w.teacher.pk},
    "courses:api-offering-detail": lambda w: {"pk": w.offering.pk},
    "courses:api-point-detail": lambda w: {"pk": w.point.pk},
    "courses:api-course-detail": lambda w: {"pk": w.offering.course_id},
    # 报名: the demo's household (not signed in here: households are not portal users) and 鼓楼区's rule.
    "enrolment:class_enrol": lambda w: {"pk": w.offering.pk},
    "enrolment:class_qr": lambda w: {"pk": w.offering.pk},
    "enrolment:poster": lambda w: {"pk": w.point.pk},
    "enrolment:done": lambda w: {"pk": _demo_enrolment().pk},
    "enrolment:cancel": lambda w: {"pk": _demo_enrolment().pk},
    "enrolment:member_update": lambda w: {"pk": _demo_enrolment().member_id},
    "enrolment:member_delete": lambda w: {"pk": _demo_enrolment().member_id},
    "enrolment:certificate": lambda w: {"pk": _demo_enrolment().member_id},
    "enrolment:offer": lambda w: {"token": "forged"},
    "enrolment:checkin": lambda w: {"token": "forged"},
    "enrolment:lottery": lambda w: {"pk": _demo_rule("台江区").pk},
    "enrolment:lottery_data": lambda w: {"pk": _demo_rule("台江区").pk},
    "enrolment:rule_update": lambda w: {"pk": _demo_rule("鼓楼区").pk},
    **{
        f"enrolment:{name}": lambda w: {"pk": _demo_enrolment().offering_id}
        for name in ["roster", "mark", "close", "checkin_code", "roster_xlsx", "limits"]
    },
}


def _demo_enrolment():
    from courses.enrolment.models import Enrolment

    return Enrolment.objects.filter(member__household__phone="13800000000").first()


def _demo_rule(district):
    from courses.enrolment.models import EnrolmentRule

    return EnrolmentRule.objects.get(district__name=district)


def admin_object_id(app_label, model_name):
    model = apps.get_model(app_label, model_name)
    instance = model._default_manager.order_by("pk").first()
    return str(instance.pk) if instance else "0"


def url_for(key, pattern, route, world):
    """The address to request for one pattern, or a reason it cannot be built."""
    if key in ARGS:
        return reverse(key, kwargs=ARGS[key](world))
    if not pattern.pattern.regex.groups:
        return reverse(key) if pattern.name else "/" + route
    if key.startswith("admin:"):
        return admin_url(key, pattern, route)
    if key == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if route.startswith("admin/"):
        # The admin's old-style address of an object, which redirects to its change page.
        app_label, model_name = route.split("/")[1:3]
        return f"/admin/{app_label}/{model_name}/{admin_object_id(app_label, model_name)}/"
    raise LookupError(f"{key}: takes arguments; add what it is asked about to ARGS in {__name__}")


def admin_url(key, pattern, route):
    name = key.removeprefix("admin:")
    if name == "app_list":
        return reverse(key, kwargs={"app_label": "tasks"})
    if name == "view_on_site":
        task = apps.get_model("tasks", "task").objects.order_by("pk").first()
        return reverse(key, args=[ContentType.objects.get_for_model(task).pk, task.pk])
    app_label, model_name = route.split("/")[1:3]
    object_id = admin_object_id(app_label, model_name)
    if name.endswith("_simple_history"):
        model = apps.get_model(app_label, model_name)
        history = model.history.filter(pk=object_id).first() if object_id != "0" else None
        return reverse(key, args=[object_id, history.history_id if history else 0])
    return reverse(key, kwargs=dict.fromkeys(pattern.pattern.regex.groupindex, object_id))


def answer(response):
    if 200 <= response.status_code < 300:
        return "2xx"
    if 300 <= response.status_code < 400:
        location = response["Location"]
        return "login" if location.startswith((reverse("login"), "/admin/login/")) else "3xx"
    return str(response.status_code)


def request(client, method, url):
    if method == "GET":
        return client.get(url)
    with transaction.atomic():
        response = client.post(url, {})
        transaction.set_rollback(True)
    return response


def matrix_problems(world, *, expected=None, observe=None):
    """Every pattern for every persona against TABLE: the list of what differs (empty when all is well).
    `expected(key, persona, answer)` may change what the table says (a probe that must go red);
    `observe(key, persona, method, url, response)` sees each request and may return a problem."""
    table = parse(TABLE)
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client(raise_request_exception=False)
        if persona != "anon":
            clients[persona].force_login(world.users[persona])

    missing, wrong, seen = [], [], set()
    for key, pattern, route in patterns():
        seen.add(key)
        url = url_for(key, pattern, route, world)
        row = table.get(key)
        method = row.method if row else "GET"
        answers = {}
        for persona in PERSONAS:
            response = request(clients[persona], method, url)
            answers[persona] = answer(response)
            if observe is not None and (problem := observe(key, persona, method, url, response)):
                wrong.append(problem)
            if method == "POST" and persona != "anon":
                clients[persona].force_login(world.users[persona])  # the POST may have been a logout
        if row is None:
            missing.append(f"{key:<44} {method:<6} " + " ".join(f"{a:<5}" for a in answers.values()))
        else:
            table_says = {p: expected(key, p, a) if expected else a for p, a in row.answers.items()}
            wrong += [
                f"{key} as {p} ({method} {url}): table says {table_says[p]}, got {a}"
                for p, a in answers.items()
                if a != table_says[p]
            ]
    stale = sorted(set(table) - seen)
    problems = []
    if missing:
        problems.append("URL patterns missing from TABLE (check these answers, then add the rows):")
        problems += missing
    if stale:
        problems.append(f"rows in TABLE for patterns that no longer exist: {stale}")
    return problems + wrong


def test_every_url_pattern_answers_every_persona_as_the_table_says(world):
    problems = matrix_problems(world)
    assert not problems, "\n".join(problems)


# Every page and form of a task, asked about a task of a draft plan (imported, not yet published).
DRAFT_TASK_PAGES = [
    ("tasks:detail", "GET", "task"),
    ("tasks:report", "GET", "task"),
    ("tasks:responsible", "GET", "link"),
    ("tasks:responsible", "POST", "link"),
    ("tasks:milestone_create", "GET", "task"),
    ("tasks:milestone_edit", "GET", "milestone"),
    ("tasks:milestone_done", "POST", "milestone"),
    ("tasks:milestone_decide", "POST", "milestone"),
    ("tasks:report_accept", "POST", "report"),
    ("tasks:report_return", "POST", "report"),
    ("tasks:urge", "POST", "task"),
    ("tasks:evidence", "GET", "evidence"),
]


def test_a_draft_plans_task_pages_are_404_to_all_but_the_committee(world):
    from tasks.models import Evidence, Milestone, ProgressReport, TaskUnit
    from tests.tasks.factories import TaskFactory, WorkPlanFactory

    plan = WorkPlanFactory(year=2099, published_at=None)
    unit = world.users["unit"].unit
    task = TaskFactory(section__plan=plan, leads=[unit])
    milestone = Milestone.objects.create(task=task, title="节点", due_on=task.due_on)
    report = ProgressReport.objects.create(
        task=task, unit=unit, author=world.users["unit"], kind="completion", text="完成", percent=100
    )
    evidence = Evidence.objects.create(
        report=report,
        file=ContentFile(PDF_BYTES, "p.pdf"),
        name="p.pdf",
        size=1,
        content_type="application/pdf",
    )
    objects = {
        "task": task,
        "link": TaskUnit.objects.get(task=task, unit=unit),
        "milestone": milestone,
        "report": report,
        "evidence": evidence,
    }
    wrong = []
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona != "anon":
            client.force_login(world.users[persona])
        for name, method, kind in DRAFT_TASK_PAGES:
            got = answer(request(client, method, reverse(name, kwargs={"pk": objects[kind].pk})))
            expected = {"anon": "login", "committee": None}.get(persona, "404")
            if expected is None and got == "404" or expected is not None and got != expected:
                wrong.append(f"{name} {method} as {persona}: {got}")
    assert wrong == []
