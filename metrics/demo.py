"""Demo data of the metrics app (see demo_values)."""

from bsc.demo import DemoContext


def load(ctx: DemoContext) -> None:
    from metrics.entry.demo import load as load_values

    load_values(ctx)
