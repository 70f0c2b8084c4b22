from bsc.demo import DemoContext


def load(ctx: DemoContext) -> None:
    from pdsa.demo_pdsa import load as load_pdsa

    load_pdsa(ctx)
