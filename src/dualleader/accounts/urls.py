from django.urls import path

from .views import auth

app_name = "accounts"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    # Placeholders until the account pages land (issue 2).
    path("", auth.LoginView.as_view(), name="list"),
    path("tokens/", auth.LoginView.as_view(), name="tokens"),
]
