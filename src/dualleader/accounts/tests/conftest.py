from __future__ import annotations

import pytest
from django.test import Client
from tests.factories import make_person, make_user

from dualleader.accounts.enums import Role
from dualleader.accounts.models import User


@pytest.fixture
def scoped_admin(world) -> User:  # type: ignore[no-untyped-def]
    """An Organization Department role held on the other college only: an org_admin for whom the
    accounts of 机电工程学院 are out of scope (they must get 404 there)."""
    return make_user("jsj_zzb", make_person(world.other_college, "陈组织"), Role.ORG_ADMIN, world.other_college)


@pytest.fixture
def scoped_client(scoped_admin: User) -> Client:
    client = Client()
    client.force_login(scoped_admin)
    return client
