"""argparse's own words (usage:, options, its error messages) in the course's language.

argparse looks its messages up with the standard gettext functions bound in its module; `speak_argparse`
points them at ours, so `mhcourse --help` and a usage error speak the chosen language. The messages below
are argparse's msgids, copied exactly (Python 3.11 to 3.13), so Babel puts them into our catalog: a
translator sees them there like any other message. Keep the %(...)s placeholders as they are.
"""

from __future__ import annotations

import argparse

from ..i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""The messages of argparse a person running mhcourse can meet (its errors for a programmer are left out)."""


def _plural_forms() -> None:
    ngettext("expected %s argument", "expected %s arguments", 1)  # in the catalog; argparse asks for it itself


def speak_argparse() -> None:
    """From now on argparse speaks the course's language (i18n's `_` follows use_language)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
