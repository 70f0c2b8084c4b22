from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bsc import accounts, portal
from bsc.health import healthz, healthz_live
from collaboratives.membership.views import accept_invitation

api_patterns = []
app_patterns = []
for app in settings.BSC_APPS:
    module = import_module(f"{app}.urls")
    app_patterns.append(path("c/<slug:slug>/", include((module.urlpatterns, module.app_name))))
    api_patterns.extend(module.api_urlpatterns)

handler404 = "bsc.api.not_found"

urlpatterns = [
    path("", include((portal.urlpatterns, portal.app_name))),
    *app_patterns,
    path("accounts/", include((accounts.urlpatterns, accounts.app_name))),
    path("invitations/<str:token>/", accept_invitation, name="invitation-accept"),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the CSP needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    path("healthz/live", healthz_live, name="healthz-live"),
    path("admin/", admin.site.urls),
]
