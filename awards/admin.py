from django.contrib import admin

from .kind import KIT

KIT.admin_register(admin.site)
