from django.contrib import admin
from django.urls import include, path

from clearhead.config.api import api
from clearhead.core import views as core_views
from clearhead.core.routing import public_api_urls

admin.site.site_header = "Clearhead administration"
admin.site.site_title = "Clearhead"

urlpatterns = [
    path("", include("clearhead.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", core_views.web_manifest, name="web_manifest"),
    path("help/", include("clearhead.safety.urls")),
    path("learn/", include("clearhead.education.urls")),
    path("check/", include("clearhead.screening.urls")),
    path("referrals/", include("clearhead.referrals.urls")),
    path("recovery/", include("clearhead.recovery.urls")),
    path("recovery/", include("clearhead.interop.urls")),
    path("recovery/", include("clearhead.flags.urls")),
    path("clinic/", include("clearhead.clinic.urls")),
    path("", include("clearhead.directory.urls")),
    path("account/", include("clearhead.accounts.urls")),
    path("my-record/", include("clearhead.recovery.my_record_urls")),
    path("", include("clearhead.sharing.urls")),
    path("emergency-access/", include("clearhead.breakglass.urls")),
    path("emergency-access/", include("clearhead.clinic.emergency_urls")),
    path("api/v1/", public_api_urls(api)),
    path("admin/", admin.site.urls),
]

handler400 = "clearhead.core.views.bad_request"
handler403 = "clearhead.core.views.permission_denied"
handler404 = "clearhead.core.views.page_not_found"
handler500 = "clearhead.core.views.server_error"
