from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clearhead.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from clearhead.accounts import signals  # noqa: F401  (connects receivers)
