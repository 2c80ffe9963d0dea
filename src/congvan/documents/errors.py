"""Errors a service raises; each carries a message for the user in their language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request that cannot be carried out; nothing has been changed."""

    status_code = 400

    def __init__(
        self, message: Any, *, field: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.details = details or {}

    def __str__(self) -> str:
        return str(self.message)


class InvalidInput(DomainError):
    status_code = 400


class NotAllowed(DomainError):
    """The actor's role or relation to the document does not allow the action (HTTP 403)."""

    status_code = 403


class NotFound(DomainError):
    """Does not exist, or exists in a place the actor may not see: the two answer alike (HTTP 404)."""

    status_code = 404


class InvalidState(DomainError):
    """The document's state does not allow the action (HTTP 409)."""

    status_code = 409


class Duplicate(DomainError):
    """The document is already registered (Phụ lục VI III.1.h) (HTTP 409)."""

    status_code = 409
