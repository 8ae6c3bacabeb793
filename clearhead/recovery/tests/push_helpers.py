"""A browser's push keys and a local push service, for the notification tests.

A real browser's push service is on the internet; these tests stand one up on
127.0.0.1 instead. It records each request as the push service would get it
(the body still encrypted), and `BrowserKeys.decrypt` reads it back with the
browser's private key and secret, as the browser itself would (http_ece).
"""

import base64
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class BrowserKeys:
    """What a browser makes when it subscribes: a P-256 key pair and a secret."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.secret = os.urandom(16)
        self.p256dh = b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962,
                serialization.PublicFormat.UncompressedPoint,
            )
        )
        self.auth = b64url(self.secret)

    def subscription(self, endpoint: str) -> dict:
        """The browser's PushSubscription.toJSON() for `endpoint`."""
        return {
            "endpoint": endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(
            body,
            private_key=self.private_key,
            auth_secret=self.secret,
            version="aes128gcm",
        )


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class LocalPushService:
    """An HTTP push service on 127.0.0.1 that keeps what it is sent.

    Answers 201 Created, or the status set for a path in `answers` (410 for a
    browser that unsubscribed).
    """

    answers: dict = field(default_factory=dict)
    received: list = field(default_factory=list)

    def __post_init__(self) -> None:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                service.received.append(
                    Received(
                        path=self.path,
                        headers={k.lower(): v for k, v in self.headers.items()},
                        body=self.rfile.read(length),
                    )
                )
                self.send_response(service.answers.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass  # keep the test output clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
