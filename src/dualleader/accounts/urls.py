from django.urls import path

from .views import auth, manage, roles, tokens

app_name = "accounts"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("", manage.account_list, name="list"),
    path("new/", manage.account_create_view, name="create"),
    path("<int:pk>/", manage.account_detail, name="detail"),
    path("<int:pk>/disable/", manage.account_disable_view, name="disable"),
    path("<int:pk>/enable/", manage.account_enable_view, name="enable"),
    path("<int:pk>/reset-password/", manage.account_reset_password_view, name="reset_password"),
    path("<int:pk>/roles/add/", roles.role_add, name="role_add"),
    path("roles/<int:pk>/remove/", roles.role_remove, name="role_remove"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="token_revoke"),
]
