"""The HTTP client `add` and `audit` ask the registries with: polite, patient within limits, and cached.

Crossref's etiquette asks clients to name themselves with a contact address, to
keep to a few requests a second, to back off when told to (429, ``Retry-After``)
and to cache what they read. ``requests`` makes each request; this module
decides how long one may take, how big an answer may be, and when to try again:

- a **deadline** for the whole request, headers and body: a server that sends a
  byte now and then cannot hold a command past ``PAPERS_HTTP_TIMEOUT`` seconds
  (the request runs in a worker thread; the caller waits for it at most that long,
  and Ctrl-C interrupts the wait at once);
- a **size limit**: the body is read in pieces and the request dropped past
  `LARGEST_ANSWER` bytes;
- a **retry budget** for the whole run: tries that failed and the waits between
  them draw on ``PAPERS_HTTP_BUDGET`` seconds; when it is spent the registry is not
  asked again this run, and the command says what it could not do;
- answers are **cached** only once they were understood (`cache.AnswerCache`).

Everything tunable comes from the environment, so a mirror, a test server or a
slow link needs no code change: ``PAPERS_CONTACT``, ``PAPERS_CACHE``,
``PAPERS_HTTP_TIMEOUT``, ``PAPERS_HTTP_TRIES``, ``PAPERS_HTTP_BACKOFF``,
``PAPERS_HTTP_RATE``, ``PAPERS_HTTP_BUDGET``.
"""

from __future__ import annotations

import contextlib
import email.utils
import math
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

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

from .cache import AnswerCache

#: The status codes that mean "try later".
RETRY_STATUSES = (429, 500, 502, 503, 504)
#: A Retry-After longer than this is cut to it: a maintainer waits, not an hour.
LONGEST_RETRY_AFTER = 60.0
#: The largest answer read: a Crossref work with thousands of references is a few megabytes.
LARGEST_ANSWER = 16 * 2**20
USER_AGENT = "fl-healthcare-papers/1 (python -m papers add|audit{contact})"

T = TypeVar("T")


class RegistryError(Exception):
    """A registry gave no usable answer; `str()` is the reason, for one line after the identifier."""


class NotFound(RegistryError):
    """The registry answered that it has no such record (HTTP 404)."""


class GaveUp(RegistryError):
    """The run's retry budget is spent: the registry is not asked again this run."""


class SettingsError(Exception):
    """An environment variable the client reads has a value it cannot use."""


@dataclass(frozen=True)
class Answer:
    """What a registry answered: its status and raw body."""

    status: int
    body: bytes
    #: Seconds the registry asked us to wait (Retry-After), if it did.
    retry_after: float | None = None
    from_cache: bool = False


@dataclass(frozen=True)
class HttpSettings:
    #: Seconds one request may take, whole: connecting, headers and body.
    timeout: float = 10.0
    tries: int = 3
    backoff: float = 1.0
    rate: float = 3.0
    contact: str = ""
    #: Folder of the cache file; None: no cache.
    cache: Path | None = None
    #: Seconds of failed tries and waits between tries that one run may spend.
    budget: float = 60.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> HttpSettings:
        return cls(
            timeout=_number(environ, "PAPERS_HTTP_TIMEOUT", 10.0, "a number of seconds, e.g. 10"),
            tries=int(_number(environ, "PAPERS_HTTP_TRIES", 3, "a whole number of tries, e.g. 3", whole=True)),
            backoff=_number(environ, "PAPERS_HTTP_BACKOFF", 1.0, "a back-off factor in seconds, e.g. 1"),
            rate=_number(environ, "PAPERS_HTTP_RATE", 3.0, "requests per second, e.g. 3"),
            contact=environ.get("PAPERS_CONTACT", "").strip(),
            cache=cache_folder(environ),
            budget=_number(environ, "PAPERS_HTTP_BUDGET", 60.0, "a number of seconds, e.g. 60"),
        )


def _number(environ: Mapping[str, str], name: str, default: float, expected: str, whole: bool = False) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = -1
    if not math.isfinite(value) or value <= 0:  # nan and inf parse as floats, and mean nothing here
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


class _NoAnswer(Exception):
    """One try got no answer (timeout, refused connection …): `str()` says why, in a few words."""


class _TooLarge(Exception):
    pass


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return None


class RegistryClient:
    """Asks registry URLs: `fetch` reads an answer through the cache, `get` asks the network."""

    def __init__(self, settings: HttpSettings, say: Callable[[str], None] = lambda line: None) -> None:
        self.settings = settings
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=0)  # retries are ours: they draw on the run's budget
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(settings.contact)
        self.cache = AnswerCache(settings.cache, say)
        self.budget_left = settings.budget
        #: registry -> why it is not asked again this run
        self.gave_up: dict[str, str] = {}
        self._next = 0.0

    def fetch(self, url: str, registry: str, read: Callable[[Answer], T]) -> T:
        """`read` applied to the answer at `url`: a kept answer if there is one that `read` accepts,
        else the network's; an answer is kept only once `read` accepted it."""
        cached = self.cache.get(url)
        if cached is not None:
            try:
                return read(Answer(*cached, from_cache=True))
            except RegistryError:
                self.cache.forget(url)
        answer = self.get(url, registry)
        result = read(answer)
        if answer.status == 200:
            self.cache.keep(url, answer.status, answer.body)
        return result

    def get(self, url: str, registry: str) -> Answer:
        """The answer at `url`, tried again on "try later" and on no answer, within the run's budget;
        `registry` names who is asked, for messages ("Crossref")."""
        if registry in self.gave_up:
            raise GaveUp(self.gave_up[registry])
        tries = self.settings.tries
        answer: Answer | None = None
        failure = ""
        for attempt in range(1, tries + 1):
            self._pace()
            started = time.monotonic()
            try:
                answer = self._once(url, registry)
            except _NoAnswer as err:
                answer, failure = None, str(err)
            finally:
                self._next = time.monotonic() + 1.0 / self.settings.rate
            if answer is not None:
                if answer.status not in RETRY_STATUSES:
                    return answer
            if attempt == tries:
                break
            wait = self.settings.backoff * 2 ** (attempt - 1)
            if answer is not None and answer.retry_after is not None:
                wait = min(answer.retry_after, LONGEST_RETRY_AFTER)
            self.budget_left -= time.monotonic() - started
            if wait > self.budget_left:
                said = self.status_problem(answer, registry) if answer is not None else \
                    f"no answer from {registry} ({failure})"
                self.gave_up[registry] = (
                    f"{said}, and this run's retry budget ({self.settings.budget:g} s, PAPERS_HTTP_BUDGET) is spent: "
                    f"{registry} is not asked again this run; try later")
                raise GaveUp(self.gave_up[registry])
            self.budget_left -= wait
            time.sleep(wait)
        if answer is not None:
            return answer  # "try later" every time: the caller says so with the status
        raise RegistryError(f"no answer from {registry} after {self.tries_said} ({failure})")

    def _pace(self) -> None:
        """Wait until ``1 / rate`` seconds after the previous exchange ended (the cache is not slowed).

        Counted from the end of the last answer, not from when it was sent: a first request slowed on
        its way (opening the connection) cannot bring the next one closer to it at the registry.
        """
        wait = self._next - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _once(self, url: str, registry: str) -> Answer:
        """One request, whole within the deadline, its body within the size limit."""
        box: dict = {}
        done, cancelled = threading.Event(), threading.Event()
        timeout = self.settings.timeout

        def work() -> None:
            response = None
            try:
                # the worker's own timeouts are later than the deadline, which is the one that decides
                response = self.session.get(url, stream=True, timeout=(timeout + 1, timeout + 1))
                box["response"] = response
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > LARGEST_ANSWER:
                    raise _TooLarge
                body = bytearray()
                for piece in response.iter_content(65536):
                    body += piece
                    if len(body) > LARGEST_ANSWER:
                        raise _TooLarge
                    if cancelled.is_set():
                        return
                box["answer"] = Answer(response.status_code, bytes(body),
                                       retry_after(response.headers.get("Retry-After")))
            except BaseException as err:  # handed to the waiting thread, which decides
                box["error"] = err
            finally:
                if response is not None:
                    response.close()
                done.set()

        worker = threading.Thread(target=work, name=f"papers: {url}", daemon=True)
        worker.start()
        if not done.wait(timeout):
            cancelled.set()
            _abort(box.get("response"))
            raise _NoAnswer(f"timeout: no whole answer within {timeout:g} s")
        error = box.get("error")
        if isinstance(error, _TooLarge):
            raise RegistryError(f"{registry}'s answer is larger than {LARGEST_ANSWER // 2**20} MB: not read "
                                "(a record is a few kilobytes)")
        if isinstance(error, requests.exceptions.RequestException):
            raise _NoAnswer(why(error))
        if error is not None:
            raise error
        return box["answer"]

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
        self.cache.close()


def _abort(response) -> None:
    """Hang up a request that overran its deadline, so its worker thread ends too."""
    sock = getattr(getattr(getattr(response, "raw", None), "connection", None), "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


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
