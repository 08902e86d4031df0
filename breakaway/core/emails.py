"""One way to send e-mail: render the three templates, then send through a task."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_email_task(*, subject: str, body: str, html: str, to: list[str]) -> None:
    """Deliver one rendered message; a separate task so a slow mail server never slows a page."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def email_send(
    *, template: str, to: list[str], context: dict[str, Any], language: str = "en-gb"
) -> None:
    """Render emails/<template>_subject.txt, _body.txt and _body.html and send once committed."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    transaction.on_commit(
        lambda: send_email_task.enqueue(subject=subject, body=body, html=html, to=to)
    )
