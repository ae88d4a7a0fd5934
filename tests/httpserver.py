"""A real HTTP server on 127.0.0.1 for download tests, with scriptable failures."""

from __future__ import annotations

import gzip as gzip_
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FileServer:
    """Serves ``payloads`` (URL path without leading slash -> bytes).

    ``fail[path] = n`` answers the next n requests with HTTP 500; ``truncate[path] = n`` sends
    the next n bodies cut in half (with the full Content-Length); ``gzip[path] = True`` sends the
    payload gzip-compressed with ``Content-Encoding: gzip`` and the compressed Content-Length;
    ``retry_after[path] = (n, seconds)`` (or ``(n, seconds, status)``) answers the next n requests
    with HTTP 429 (or ``status``, e.g. 503) and ``Retry-After: seconds``; ``stall[path] = (n,
    seconds)`` sends the next n bodies half, then sleeps ``seconds`` (longer than the client's
    read timeout) and closes. Every request is logged in ``requests`` as (path, headers) and its
    arrival time (``time.monotonic()``) in ``times`` as (path, time).
    """

    def __init__(self, payloads: dict[str, bytes]):
        self.payloads = dict(payloads)
        self.fail: dict[str, int] = defaultdict(int)
        self.truncate: dict[str, int] = defaultdict(int)
        self.gzip: dict[str, bool] = defaultdict(bool)
        self.retry_after: dict[str, tuple] = {}
        self.stall: dict[str, tuple[int, float]] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.times: list[tuple[str, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):  # noqa: N802
                path = self.path.lstrip("/")
                server.times.append((path, time.monotonic()))
                server.requests.append((path, dict(self.headers)))
                scripted = server.retry_after.get(path)
                if scripted and scripted[0] > 0:
                    n, seconds, *status = scripted
                    server.retry_after[path] = (n - 1, seconds, *status)
                    self.send_response(status[0] if status else 429)
                    self.send_header("Retry-After", str(seconds))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if server.fail[path] > 0:
                    server.fail[path] -= 1
                    self.send_error(500, "scripted failure")
                    return
                body = server.payloads.get(path)
                if body is None:
                    self.send_error(404, "not found")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                if server.gzip[path]:
                    body = gzip_.compress(body, mtime=0)
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.truncate[path] > 0:
                    server.truncate[path] -= 1
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                stall = server.stall.get(path)
                if stall and stall[0] > 0:
                    server.stall[path] = (stall[0] - 1, stall[1])
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    time.sleep(stall[1])
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(p == path for p, _ in self.requests)

    def __enter__(self) -> FileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def localize(obj: Any, base: str) -> Any:
    """Rewrite every https:// URL in a registry structure to ``base`` + host + path."""
    if isinstance(obj, dict):
        return {k: localize(v, base) for k, v in obj.items()}
    if isinstance(obj, list):
        return [localize(v, base) for v in obj]
    if isinstance(obj, str) and obj.startswith("https://"):
        return base + obj[len("https://") :]
    return obj
