"""Readers' accounts and saved searches."""
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("saved/", views.saved_list, name="saved_list"),
    path("saved/<int:pk>/", views.saved_detail, name="saved_detail"),
    path("saved/<int:pk>/delete", views.saved_delete, name="saved_delete"),
    path("saved/unsubscribe/<str:token>/", views.unsubscribe, name="saved_unsubscribe"),
]
