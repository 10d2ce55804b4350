"""After passing a module's quiz, the plain face offers the next module, as the TUI and the web page do."""

from __future__ import annotations

from helpers import write_module
from mhcourse.progress.store import Store
from plain_driver import RightAnswers, load, newcomer, numbered, run


def quiz_option(screen: str) -> str:
    return next((n for text, n in numbered(screen).items() if text.startswith("Quiz")), "quit")


def two_modules(tmp_path):
    folder = tmp_path / "mods"
    write_module(folder, "small", title="Small module")
    write_module(folder, "other", title="Other module")
    return load(folder)


def test_passed_results_offer_the_next_module_and_open_it(tmp_path):
    modules = two_modules(tmp_path)
    first = next(m for m in modules if m.id == "other")  # the catalog lists it first
    answers = RightAnswers(first)
    seen = {"results": ""}

    def respond(screen: str) -> str | None:
        if (reply := newcomer(screen)) is not None:
            return reply
        answer = answers(screen)
        if answer is not None:
            return answer
        if "Quiz results: Other module" in screen and not seen["results"]:
            seen["results"] = screen
            return numbered(screen)["Next module: Small module, First lesson"]
        if seen["results"]:  # the next module opened: enough
            return "quit"
        if "Main menu" in screen:
            return numbered(screen)["Other module (not started)"]
        if "Back to the main menu" in screen:
            return quiz_option(screen)
        return "quit"

    status, out = run(respond, Store.in_memory(), modules)
    assert "Passed. Well done." in seen["results"]
    assert "Try again (a new attempt)" in seen["results"]
    after = out[out.index("Quiz results: Other module"):]
    assert "Small module" in after[after.index("> "):] and "First lesson" in after[after.index("> "):]


def test_a_failed_quiz_offers_no_next_module(tmp_path):
    modules = two_modules(tmp_path)
    seen = {"results": ""}

    def respond(screen: str) -> str | None:
        if (reply := newcomer(screen)) is not None:
            return reply
        if "Quiz results:" in screen:
            seen["results"] = screen
            return "quit"
        if "Which helps?" in screen:
            return numbered(screen)["Ignoring"]  # wrong
        if "Order these." in screen:
            shown = numbered(screen)
            return " ".join(shown[item] for item in ("three", "two", "one"))  # wrong
        if "Main menu" in screen:
            return numbered(screen)["Other module (not started)"]
        if "Back to the main menu" in screen:
            return quiz_option(screen)
        return "quit"

    run(respond, Store.in_memory(), modules)
    assert seen["results"] and "Next module" not in seen["results"]
