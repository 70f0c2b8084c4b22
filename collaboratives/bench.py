"""Benchmark pages of the foundation: each role's collaborative home and the API lists."""

from bsc.bench import BenchPage, BenchWorld


def seed(world: BenchWorld) -> None:
    """The people and centers come from `build_world`; nothing more to add yet."""


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    home = f"/c/{slug}/"
    api = f"/api/v1/collaboratives/{slug}"
    return [
        BenchPage("IT dashboard", home, world.it_email),
        BenchPage("Faculty home", home, world.faculty_email),
        BenchPage("Center home", home, world.center_email),
        BenchPage("Senior leader view", home, world.leader_email),
        BenchPage("API: my collaboratives", "/api/v1/collaboratives/", world.it_email),
        BenchPage("API: collaborative", f"{api}/", world.center_email),
        BenchPage("API: memberships", f"{api}/memberships/", world.it_email),
    ]
