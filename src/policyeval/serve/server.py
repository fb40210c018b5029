"""Running the service: uvicorn on a socket we bind (so port 0 picks a free port and the address is
known before the first request), access log off (request lines name no patient, but nothing about a
request is logged at all), stopped by Ctrl-C or SIGTERM."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

import policyeval

from .app import ServiceLimits, create_app
from .plans import PlanLibrary

BACKLOG = 128  # connections waiting to be accepted


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)  # connections queue from now on, before uvicorn serves them
    except OSError as err:
        sock.close()
        raise policyeval.InputError(f"cannot listen on {host}:{port} ({err.strerror})") from None
    return sock


def server(plans: str | PlanLibrary, limits: ServiceLimits | None = None) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(plans, limits),
        log_level="warning",
        access_log=False,
        timeout_keep_alive=5,
        limit_concurrency=64,  # connections at once; more get 503 from uvicorn
        server_header=False,
    )
    return uvicorn.Server(config)


def serve(
    plans: str,
    host: str = "127.0.0.1",
    port: int = 8080,
    limits: ServiceLimits | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until stopped; `ready` is told the base URL once the socket listens."""
    library = PlanLibrary(plans)  # a missing folder is an InputError before anything listens
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if ready:
        ready(f"http://{shown}:{bound}")
    server(library, limits).run(sockets=[sock])
