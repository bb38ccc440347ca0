"""What a running app holds: settings, database, pipelines, queue connection."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from triage.config import Settings
from triage.store.db import Database


@dataclass
class Runtime:
    """Per-app services, created by the factory and shared by requests."""

    settings: Settings
    db: Database
    _processor: Any = None
    _redis: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def processor(self) -> Any:
        """The de-identification + coding pipeline (loaded on first use)."""
        if self._processor is None:
            with self._lock:
                if self._processor is None:
                    from triage.pipelines.process import Processor

                    self._processor = Processor.from_paths(
                        self.settings.MODEL_REGISTRY,
                        self.settings.DEID_CONFIG,
                        self.settings.MODEL_RELOAD_SECONDS,
                    )
        return self._processor

    @property
    def redis(self) -> Any:
        """A Redis connection, or None when no REDIS_URL is configured."""
        if self.settings.REDIS_URL is None:
            return None
        if self._redis is None:
            from redis import Redis

            self._redis = Redis.from_url(
                self.settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=5
            )
        return self._redis


def runtime() -> Runtime:
    """The current app's runtime."""
    return current_app.extensions["triage"]  # type: ignore[no-any-return]
