"""axe-core in the browser tests: the vendored script (see vendor/axe-core/README for its
pinned version) and one way to run it on a page."""

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def install(context: Any) -> None:
    """Load axe in every page the context opens: the pages' CSP forbids injecting it later."""
    context.add_init_script(path=str(AXE))


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page, each with its first three nodes and why they fail."""
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' +
                    (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
        }"""
    )


def blocking(page: Any) -> list[str]:
    """The serious and critical violations on the page, one line each, naming the page."""
    return [
        f"{page.url} {v['id']}: {v['help']}" for v in violations(page) if v["impact"] in BLOCKING
    ]
