"""Demo: the BSC-SEL change framework (Appendix B) and its two Section 4 metrics."""

from bsc.demo import DemoContext
from collaboratives.framework.copying import apply_framework_data, builtin_template
from collaboratives.framework.selectors import framework_of
from collaboratives.framework.versions import current_version


def load_framework(ctx: DemoContext) -> None:
    framework = framework_of(ctx.objects["sel"])
    if framework.primary_drivers.exists():
        return
    data = builtin_template()
    apply_framework_data(framework, data)
    framework.source = data["name"]
    framework.save(update_fields=["source"])
    # Version 1: what the demo's rounds and reports were made with.
    current_version(ctx.objects["sel"])
