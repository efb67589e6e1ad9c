"""The HTTP client `add` and `audit` ask the registries with: polite, patient and cached.

Crossref's etiquette asks clients to name themselves with a contact address, to
keep to a few requests a second, to back off when told to (429, ``Retry-After``)
and to cache what they read. ``requests`` with urllib3's `Retry` does the retrying,
``requests-cache`` keeps answers for a day in a SQLite file, and a small pacing
adapter spaces the requests that reach the network (cache hits are not slowed).

Everything tunable comes from the environment, so a mirror, a test server or a
slow link needs no code change: ``PAPERS_CONTACT``, ``PAPERS_CACHE``,
``PAPERS_HTTP_TIMEOUT``, ``PAPERS_HTTP_TRIES``, ``PAPERS_HTTP_BACKOFF``,
``PAPERS_HTTP_RATE``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

#: What a registry is asked again after, and the status codes that mean "try later".
RETRY_STATUSES = (429, 500, 502, 503, 504)
#: A Retry-After longer than this is cut to it: a maintainer waits, not an hour.
LONGEST_RETRY_AFTER = 60.0
#: How long answers are kept on disk: a rerun within a day asks the network nothing.
CACHE_LIFE = timedelta(days=1)
USER_AGENT = "fl-healthcare-papers/1 (python -m papers add|audit{contact})"


class RegistryError(Exception):
    """A registry gave no usable answer; `str()` is the reason, for one line after the identifier."""


class NotFound(RegistryError):
    """The registry answered that it has no such record (HTTP 404)."""


class SettingsError(Exception):
    """An environment variable the client reads has a value it cannot use."""


@dataclass(frozen=True)
class Answer:
    """What a registry answered: its status and raw body."""

    status: int
    body: bytes


@dataclass(frozen=True)
class HttpSettings:
    timeout: float = 10.0
    tries: int = 3
    backoff: float = 1.0
    rate: float = 3.0
    contact: str = ""
    #: Folder of the cache file; None: no cache.
    cache: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> HttpSettings:
        return cls(
            timeout=_number(environ, "PAPERS_HTTP_TIMEOUT", 10.0, "a number of seconds, e.g. 10"),
            tries=int(_number(environ, "PAPERS_HTTP_TRIES", 3, "a whole number of tries, e.g. 3", whole=True)),
            backoff=_number(environ, "PAPERS_HTTP_BACKOFF", 1.0, "a back-off factor in seconds, e.g. 1"),
            rate=_number(environ, "PAPERS_HTTP_RATE", 3.0, "requests per second, e.g. 3"),
            contact=environ.get("PAPERS_CONTACT", "").strip(),
            cache=cache_folder(environ),
        )


def _number(environ: Mapping[str, str], name: str, default: float, expected: str, whole: bool = False) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = -1
    if value <= 0:
        raise SettingsError(f"{name} must be {expected}; got {text!r}")
    return value


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """``PAPERS_CACHE`` (``off`` for none), else ``$XDG_CACHE_HOME/papers``, else ``~/.cache/papers``."""
    chosen = environ.get("PAPERS_CACHE", "").strip()
    if chosen.lower() in ("off", "none", "0", "no"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "papers"


def user_agent(contact: str) -> str:
    return USER_AGENT.format(contact=f"; mailto:{contact}" if contact else "")


class _CappedRetry(Retry):
    """urllib3's Retry, honouring Retry-After only up to `LONGEST_RETRY_AFTER` seconds."""

    def get_retry_after(self, response):
        after = super().get_retry_after(response)
        return None if after is None else min(after, LONGEST_RETRY_AFTER)


class _PacedAdapter(HTTPAdapter):
    """Spaces the requests that reach the network at least ``1 / rate`` seconds apart.

    It sits below the cache, so answers read from disk are not slowed; retries
    inside urllib3 are spaced by their own back-off instead.
    """

    def __init__(self, rate: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self._interval = 1.0 / rate
        self._next = 0.0
        self._lock = threading.Lock()

    def send(self, request, **kwargs):
        with self._lock:
            wait = self._next - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._next = time.monotonic() + self._interval
        return super().send(request, **kwargs)


class RegistryClient:
    """GETs registry URLs; `get` returns an `Answer` or raises `RegistryError`."""

    def __init__(self, settings: HttpSettings) -> None:
        self.settings = settings
        if settings.cache is not None:
            import requests_cache

            settings.cache.mkdir(parents=True, exist_ok=True)
            self.session = requests_cache.CachedSession(
                str(settings.cache / "registries"), backend="sqlite", expire_after=CACHE_LIFE,
                allowable_codes=(200,), allowable_methods=("GET",))
        else:
            self.session = requests.Session()
        retry = _CappedRetry(
            total=settings.tries - 1, connect=settings.tries - 1, read=settings.tries - 1,
            status=settings.tries - 1, other=0, backoff_factor=settings.backoff,
            status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True, raise_on_status=False)
        adapter = _PacedAdapter(settings.rate, max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(settings.contact)

    def get(self, url: str, registry: str) -> Answer:
        """The answer at `url`; `registry` names who is asked, for messages ("Crossref")."""
        try:
            response = self.session.get(url, timeout=self.settings.timeout)
        except requests.exceptions.RequestException as err:
            raise RegistryError(f"no answer from {registry} after {self.tries_said} ({why(err)})") from None
        return Answer(response.status_code, response.content)

    @property
    def tries_said(self) -> str:
        tries = self.settings.tries
        return f"{tries} tr{'ies' if tries != 1 else 'y'}"

    def status_problem(self, answer: Answer, registry: str) -> str:
        """Why a non-200 answer is no use, for a status the caller has no better words for."""
        status = answer.status
        if status in RETRY_STATUSES:
            busy = "too many requests" if status == 429 else "server error"
            return f"{registry} answered HTTP {status} ({busy}) after {self.tries_said}"
        return f"{registry} answered HTTP {status}"

    def close(self) -> None:
        self.session.close()


def why(err: BaseException) -> str:
    """A few words for a failed request: timeout, connection refused, unknown host …"""
    reason: BaseException | None = err
    seen = set()
    while reason is not None and id(reason) not in seen:
        seen.add(id(reason))
        # before the timeouts: urllib3's NewConnectionError is a ConnectTimeoutError, for history's sake
        if isinstance(reason, NameResolutionError):
            return "cannot resolve the host name"
        if isinstance(reason, NewConnectionError):
            refused = "refused" in str(reason).lower()
            return "connection refused" if refused else "cannot connect: " + str(reason).rsplit(": ", 1)[-1]
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused"
        if isinstance(reason, (ReadTimeoutError, ConnectTimeoutError, requests.exceptions.Timeout)):
            return "timeout"
        if isinstance(reason, ProtocolError):
            return "connection broken"
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
            continue
        nested = [a for a in getattr(reason, "args", ()) if isinstance(a, BaseException)]
        reason = nested[0] if nested else (reason.__cause__ or reason.__context__)
    return type(err).__name__
