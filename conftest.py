from __future__ import annotations

import email
import email.policy
import os
import shutil
import socket

import pytest

from tests.factories import World, build_world

ROLES = ["anonymous", "superuser", "org_admin", "college_admin", "branch_secretary", "studio_member",
         "reviewer", "outsider"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    # PBKDF2's deliberate slowness costs seconds per test; what is tested is who may sign in, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Uploads and annexes are written to storage: keep them out of the developer's var/ directory.
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(client, world):  # type: ignore[no-untyped-def]
    """`client_for("org_admin")` is a test client signed in with that role ("anonymous": signed out)."""

    def make(role: str):  # type: ignore[no-untyped-def]
        if role != "anonymous":
            client.force_login(world.user(role))
        return client

    return make


def require_or_skip(condition: bool, reason: str) -> None:
    """In CI a missing browser or database is a failure; on a developer's machine, a visible skip."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI needs this: {reason}")
    pytest.skip(reason)


# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser tests make
# around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser(chromium_path: str):  # type: ignore[no-untyped-def]
    """One Chromium for the whole run (one Playwright driver per thread is all it allows)."""
    from playwright.sync_api import sync_playwright
    from tests.browser.support import FLAGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require_or_skip(os.path.exists(path), "Debian's chromium is not installed (apt-get install chromium)")
    return path


def free_port() -> int:
    """A TCP port nothing listens on at the moment (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _CollectingHandler:
    """aiosmtpd handler keeping every message received, parsed (decoded headers and bodies)."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        raw = (envelope.original_content or envelope.content).replace(b"\r\n", b"\n")  # SMTP's line ends
        message = email.message_from_bytes(raw, policy=email.policy.default)
        for name in ("Subject", "From", "To", "Cc", "Reply-To"):
            # Django folds a long encoded header onto a continuation line; unfolded, it starts with a space.
            if len(message.get_all(name) or ()) == 1:
                message.replace_header(name, str(message[name]).strip())
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture(scope="session")
def smtp_server():  # type: ignore[no-untyped-def]
    """A real SMTP server on 127.0.0.1 for the whole run (aiosmtpd in a thread)."""
    from aiosmtpd.controller import Controller

    controller = Controller(_CollectingHandler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp_outbox(settings, smtp_server):  # type: ignore[no-untyped-def]
    """Send this test's email over SMTP to `smtp_server`; the list of messages it received (emptied first)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    smtp_server.handler.messages.clear()
    return smtp_server.handler.messages
