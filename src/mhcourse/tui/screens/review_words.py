"""The words home and a module's page say about review and refreshers, apart from the review session's screen
(review.py), which imports the question widgets and the format's models: home is drawn before they are loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...i18n import _, ngettext

if TYPE_CHECKING:
    from ...learning.outlined import ModuleLike
    from ...progress.learner import Learner


def state_words(learner: Learner, module: ModuleLike, words: str) -> str:
    """A module's state words, with "refresher due" after them when its refresher is (home, a module's page)."""
    if learner.refresher_due(module):
        return _("{state} · refresher due").format(state=words)
    return words


def refresher_words() -> str:
    """What a due refresher asks of the learner (home's detail, a module's page)."""
    return _("take the quiz again to refresh what you learnt. The module stays passed.")


def review_item_words(count: int) -> str:
    """Home's review item: 'Review: 3 due'."""
    return ngettext("Review: {count} due", "Review: {count} due", count).format(count=count)


def review_about() -> str:
    """What review is for, beside or under home's review item."""
    return _("Questions you answered before come back when they are due, so what you learnt stays with you. "
             "Press Enter to start; leave at any time with Esc, and your answers are kept.")
