"""The production server: gunicorn with threaded workers around `create_app(settings)`.

Every worker builds its own app (and database engine) after the fork; the settings, including the
secret key, are resolved once in the master so that all workers sign sessions with the same key.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from dashboard.settings import Settings


class ProductionServer(BaseApplication):
    """gunicorn configured from `Settings`, without reading a gunicorn config file or argv."""

    def __init__(self, settings: Settings, **overrides):
        self.settings = settings.with_secret()
        self.options = {
            "bind": f"{self.settings.host}:{self.settings.port}",
            "workers": self.settings.workers,
            "worker_class": "gthread",
            "threads": self.settings.threads,
            "timeout": 120,  # an XLSX export of a big table may take a while on a small machine
            "graceful_timeout": 30,
            # longer than any client's or proxy's idle gap: gunicorn's default (2 s) closes idle
            # connections while a client may be sending on them (seen in the load test as resets)
            "keepalive": 75,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "im-cockpit",
            # request.host must be the name the browser used (Origin check): trust X-Forwarded-*
            # only from the local reverse proxy
            "forwarded_allow_ips": "127.0.0.1,::1",
            **overrides,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from dashboard.app import create_app

        app = create_app(self.settings)
        app.server.extensions["im_cockpit"].warmer.start()  # each worker ready for the first page
        return app.server
