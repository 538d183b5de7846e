from fazhi.org.models import GridWorker


def test_world_builds_two_streets(world):
    assert world.a.street != world.b.street
    assert GridWorker.objects.for_user(world.clerk_a).count() == 2
    assert GridWorker.objects.for_user(world.grid_worker).count() == 1
