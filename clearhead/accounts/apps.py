from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clearhead.accounts"
    label = "accounts"
    verbose_name = "Accounts"
