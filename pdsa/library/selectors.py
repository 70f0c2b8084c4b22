from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pdsa.library.models import Resource

if TYPE_CHECKING:
    from bsc.tenancy import Access
from pdsa.cycles.selectors import _uuid_lookup


def get_resource(access: Access, public_id: Any) -> Resource:
    return _uuid_lookup(Resource.objects.all(), access, "collaborative", public_id, None)
