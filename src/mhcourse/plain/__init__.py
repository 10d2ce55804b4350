"""The plain face: the course as numbered plain text on standard input and output (`mhcourse read`)."""

from .session import PlainSession

__all__ = ["PlainSession"]
