"""The operator's HTTP endpoints on METRICS_LISTEN, apart from the webhook's server:

    GET /healthz  200 «ok» while updates are received and the scheduler runs; 503 and the
                  reason otherwise
    GET /metrics  the Prometheus text exposition

Meant for a private address (127.0.0.1, the host's internal network): nothing here asks who
is calling.
"""

from __future__ import annotations

import logging
from typing import Protocol

from aiohttp import web

from bot.ops.health import Health

log = logging.getLogger(__name__)


class Exposition(Protocol):
    def exposition(self) -> tuple[bytes, str]:
        """The metrics as Prometheus text, and its content type."""
        ...


class OpsServer:
    def __init__(self, health: Health, metrics: Exposition | None = None) -> None:
        self.health = health
        self.metrics = metrics
        self._runner: web.AppRunner | None = None
        self.port = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (port 0: any free one, then in `self.port`); OSError when the
        address cannot be had."""
        runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = bound_port(runner, port)
        log.info("Health and metrics on http://%s:%d (/healthz, /metrics)", host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, reason = self.health.status()
        return web.Response(status=200 if ok else 503, text=f"{reason}\n")

    async def _metrics(self, request: web.Request) -> web.Response:
        if self.metrics is None:
            return web.Response(status=404, text="metrics are not collected\n")
        body, content_type = self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})


def bound_port(runner: web.BaseRunner, asked: int) -> int:
    """The port a runner's first site listens on (what port 0 turned into)."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked
