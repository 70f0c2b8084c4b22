from django.urls import path

from pdsa.action_plans import api, views

urlpatterns = [
    path("pdsa/action-plans/", views.action_plans, name="action-plans"),
    path(
        "pdsa/action-plans/<uuid:event>/<slug:center>/",
        views.action_plan,
        name="action-plan",
    ),
    path(
        "pdsa/action-plans/<uuid:event>/<slug:center>/items/",
        views.action_plan_item_add,
        name="action-plan-item-add",
    ),
    path(
        "pdsa/action-plans/plans/<uuid:plan>/comments/",
        views.action_plan_comment,
        name="action-plan-comment",
    ),
    path(
        "pdsa/action-plans/items/<uuid:plan_item>/remove/",
        views.action_plan_item_remove,
        name="action-plan-item-remove",
    ),
    path(
        "pdsa/action-plans/items/<uuid:plan_item>/ramp/",
        views.action_plan_item_ramp,
        name="action-plan-item-ramp",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/action-plans/<uuid:event>/<slug:center>/",
        api.ActionPlanDetail.as_view(),
        name="action-plan-detail",
    ),
    path(
        "collaboratives/<slug:slug>/action-plans/<uuid:event>/<slug:center>/items/",
        api.ActionPlanItemCreate.as_view(),
        name="action-plan-item-create",
    ),
    path(
        "collaboratives/<slug:slug>/action-plans/<uuid:event>/<slug:center>/comments/",
        api.ActionPlanCommentList.as_view(),
        name="action-plan-comment-list",
    ),
]
