"""Benchmark pages for centers: the API list and one center."""

from bsc.bench import BenchPage, BenchWorld


def pages(world: BenchWorld) -> list[BenchPage]:
    api = f"/api/v1/collaboratives/{world.collaborative.slug}/centers"
    return [
        BenchPage("API: centers", f"{api}/", world.faculty_email),
        BenchPage("API: center", f"{api}/{world.centers[0].slug}/", world.center_email),
    ]
