from typing import Any

from django.db import models

from bsc.models import AuditEvent


def record_audit(
    *,
    actor: Any,
    collaborative: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record who did what to which object; call inside the write's transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        collaborative=collaborative,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_id", obj.pk)),
        changes=changes or {},
    )
