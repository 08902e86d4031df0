from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: client contacts are invited, staff are added by an admin."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
