from django.urls import path

from collaboratives.evaluations import api as evaluations_api
from collaboratives.evaluations import views as evaluations_views

urlpatterns = [
    path("evaluations/", evaluations_views.evaluation_list, name="evaluations"),
    path(
        "events/<uuid:event>/evaluation/",
        evaluations_views.evaluation_edit,
        name="evaluation",
    ),
    path(
        "events/<uuid:event>/evaluation/new/",
        evaluations_views.evaluation_create,
        name="evaluation-create",
    ),
    path(
        "events/<uuid:event>/evaluation/answer/",
        evaluations_views.evaluation_respond,
        name="evaluation-respond",
    ),
    path(
        "events/<uuid:event>/evaluation/results/",
        evaluations_views.evaluation_results,
        name="evaluation-results",
    ),
    path(
        "events/<uuid:event>/evaluation/results.pdf",
        evaluations_views.evaluation_results_pdf,
        name="evaluation-results-pdf",
    ),
    path(
        "events/<uuid:event>/evaluation/responses.csv",
        evaluations_views.evaluation_export,
        name="evaluation-export",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/events/<uuid:event>/evaluation/",
        evaluations_api.EvaluationDetail.as_view(),
        name="evaluation-detail",
    ),
    path(
        "collaboratives/<slug:slug>/events/<uuid:event>/evaluation/responses/",
        evaluations_api.EvaluationResponseCreate.as_view(),
        name="evaluation-response-create",
    ),
]
