"""Work done by the task queue (django-tasks; the embedded default keeps the queue in the database and
`make run` starts a worker next to the web server)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from .models import Notification


@task()
def send_notification_emails(ids: list[int]) -> int:
    """Email each notification not yet emailed; a failure is kept on the row and does not stop the rest."""
    sent = 0
    rows = [n for n in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient")
            if n.recipient.email]
    if not rows:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # noqa: BLE001 - the server is down: say so on every row, keep the inbox rows
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(email_error=(str(exc) or repr(exc))[:300])
        return 0
    with connection:
        for n in rows:
            link = f"{settings.SITE_URL.rstrip('/')}{n.url}" if n.url else ""
            body = n.body + (f"\n\n{link}" if link else "")
            message = EmailMessage(subject=f"[{settings.SITE_NAME}] {n.title}", body=body,
                                   to=[n.recipient.email], connection=connection)
            try:
                message.send()
            except Exception as exc:  # noqa: BLE001 - one bad address must not stop the batch
                Notification.objects.filter(pk=n.pk).update(email_error=(str(exc) or repr(exc))[:300])
                continue
            Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now(), email_error="")
            sent += 1
    return sent
