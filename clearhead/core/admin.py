"""The Django admin is for operators' non-clinical tables only.

Third-party apps register admins for tables tied to a person: django-otp's
authenticators and recovery codes (an administrator could read a secret or
add a code and sign in as anyone) and django-tasks' results (a task's
arguments name the patient a reminder is for). None of them belongs in the
admin; this module, loaded after those apps (INSTALLED_APPS order), takes them
out. `clearhead/core/tests/test_admin.py` lists what may stay.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

for model in (TOTPDevice, StaticDevice, DBTaskResult):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class NeverDeleteAdmin(admin.ModelAdmin):
    """A table whose rows the admin never deletes, one by one or in bulk.

    Refusing the permission removes the delete link, the "delete selected"
    action and the delete page (403); refusing to collect stops Django's
    deletion collector from ever listing related rows, should a view reach it.
    """

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_deleted_objects(self, objs, request):
        raise PermissionDenied
