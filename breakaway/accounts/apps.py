from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "breakaway.accounts"
