"""A real web-push endpoint on loopback for tests: it checks the VAPID signature and
decrypts the message (RFC 8291 aes128gcm, http_ece) the way a push service and then the
browser would. Not a mock of the sender: pywebpush talks HTTP to it."""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Device:
    """A browser's side of a subscription: its key pair and auth secret."""

    def __init__(self, receiver, name: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = b"0123456789abcdef"
        self.endpoint = f"{receiver.origin}/push/{name}"
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64(public)
        self.auth_b64 = b64(self.auth)

    def as_json(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth_b64}}


def verify_vapid(header: str, audience: str) -> dict:
    """The claims of a valid 'vapid t=<jwt>,k=<key>' header (RFC 8292); raises otherwise."""
    scheme, _, rest = header.partition(" ")
    assert scheme == "vapid", header
    fields = dict(part.split("=", 1) for part in rest.split(","))
    token, server_key = fields["t"], fields["k"]
    signing_input, _, signature = token.rpartition(".")
    raw = unb64(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(server_key))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(unb64(signing_input.split(".")[1]))
    assert claims["aud"] == audience and claims["exp"] > time.time()
    return {**claims, "k": server_key}


class Receiver:
    def __init__(self, port: int):
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.devices: dict[str, Device] = {}
        self.received: list[dict] = []
        self.gone: set[str] = set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                name = self.path.rsplit("/", 1)[-1]
                if name in receiver.gone:
                    self.send_response(410)
                    self.end_headers()
                    return
                device = receiver.devices[name]
                claims = verify_vapid(self.headers["Authorization"], receiver.origin)
                assert self.headers["Content-Encoding"] == "aes128gcm"
                plain = http_ece.decrypt(
                    body, private_key=device.key, auth_secret=device.auth, version="aes128gcm"
                )
                receiver.received.append(
                    {
                        "device": name,
                        "claims": claims,
                        "ttl": self.headers["TTL"],
                        "message": json.loads(plain),
                    }
                )
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def device(self, name: str) -> Device:
        self.devices[name] = Device(self, name)
        return self.devices[name]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
