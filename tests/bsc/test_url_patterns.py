"""Every URL pattern is reachable: none is shadowed by an earlier, more general one.

Each app's URLconf joins the lists of its feature packages, so a pattern such as
`centers/<slug:center>/` listed before `centers/new/` would silently take its requests.
"""

import re

from django.urls import URLResolver, get_resolver, resolve

SAMPLES = {
    "uuid": "3f2b1c4e-1111-4222-8333-444455556666",
    "slug": "sample",
    "int": "7",
    "str": "sample",
    "path": "a/b",
}


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _routes(pattern, prefix + route, inner)
        elif pattern.name:
            yield prefix + route, namespace + pattern.name


def test_each_pattern_resolves_to_itself():
    shadowed = []
    checked = 0
    for route, name in _routes(get_resolver()):
        if route.startswith(("^", "admin/")):
            continue
        url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
        checked += 1
        if resolve(url).view_name != name:
            shadowed.append(f"{url} is meant for {name}, reaches {resolve(url).view_name}")
    assert checked > 120
    assert shadowed == []
