from django.urls import path

from clearhead.recovery import body_views, offline_views, views

app_name = "recovery"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("about-me/", views.profile_edit, name="profile"),
    path("check-in/", views.checkin_create, name="checkin"),
    path("offline/", offline_views.offline_page, name="offline"),
    path("charts/", views.charts, name="charts"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/close-account/", views.close_account, name="close_account"),
    path("tools/", views.tools, name="tools"),
    path("tools/log/", views.thought_log, name="thought_log"),
    path("tools/decisional-balance/", views.balance, name="balance"),
    path("tools/<slug:tool>/", views.tool_page, name="tool"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("week/", views.week, name="week"),
    path("week/<uuid:public_id>/done/", views.week_toggle, name="week_toggle"),
    path("week/<uuid:public_id>/remove/", views.week_remove, name="week_remove"),
    path(
        "week/add-meeting/<uuid:public_id>/",
        views.week_add_meeting,
        name="week_add_meeting",
    ),
    path(
        "check-in/<uuid:public_id>/saved/",
        views.checkin_result,
        name="checkin_result",
    ),
    path("check-in/<uuid:public_id>/body/", views.checkin_body, name="checkin_body"),
    path("body/", body_views.body_tracker, name="body_tracker"),
    path("body/check/", body_views.body_check_page, name="body_check"),
    path(
        "body/check/<uuid:public_id>/",
        body_views.body_check_result,
        name="body_check_result",
    ),
    path("body/letter/", body_views.body_letter, name="body_letter"),
    path("early-recovery/", views.early_recovery_page, name="early_recovery"),
    path("safety-plan/", views.safety_plan_page, name="safety_plan"),
    path("safety-plan/edit/", views.safety_plan_edit, name="safety_plan_edit"),
    path("early-recovery/turn/", views.early_recovery_turn, name="early_recovery_turn"),
]
