"""Fixtures for the reminder notification tests (see push_helpers)."""

import pytest

from clearhead.recovery.push import vapid_keys_generate
from clearhead.recovery.tests.push_helpers import LocalPushService

# One key pair for the run: making one is quick, but there is no need.
VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY = vapid_keys_generate()


@pytest.fixture
def push_service():
    """A push service on 127.0.0.1, stopped after the test."""
    service = LocalPushService()
    yield service
    service.stop()


@pytest.fixture
def notifications_on(settings, push_service):
    """Notifications set up as an operator would (`clearhead vapid-keys`),
    sending only to the local push service."""
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY
    settings.CLEARHEAD_VAPID_SUBJECT = "mailto:operator@clearhead.example.org"
    settings.CLEARHEAD_PUSH_SERVICES = [push_service.origin]
    return push_service
