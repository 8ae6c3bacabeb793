from django.urls import path

from clearhead.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("", views.home, name="home"),
    path("settings/", views.account_settings, name="settings"),
    path("change-type/", views.role_switch, name="role_switch"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("sessions/end/", views.sessions_end, name="sessions_end"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.two_factor_codes, name="two_factor_codes"),
    path(
        "two-factor/recovery-codes/download/",
        views.two_factor_codes_download,
        name="two_factor_codes_download",
    ),
    path("tokens/new/", views.api_token_create, name="api_token_create"),
    path(
        "tokens/<uuid:public_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("invitations/", views.staff_invitations, name="staff_invitations"),
    path(
        "staff/<uuid:public_id>/two-factor/reset/",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
    path(
        "invitation/<str:code>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
]
