"""Readers' accounts and saved searches."""
from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts, views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/verify/<str:token>/", accounts.verify_email, name="verify_email"),
    path("accounts/verify/", accounts.send_verification, name="send_verification"),
    path("accounts/password-reset/", accounts.PasswordReset.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="registration/password_reset_sent.html"), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", accounts.PasswordResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/password_reset_complete.html"),
         name="password_reset_complete"),
    path("saved/", views.saved_list, name="saved_list"),
    path("saved/<int:pk>/", views.saved_detail, name="saved_detail"),
    path("saved/<int:pk>/delete", views.saved_delete, name="saved_delete"),
    path("saved/unsubscribe/<str:token>/", views.unsubscribe, name="saved_unsubscribe"),
]
