"""The `mhcourse` command: parse the arguments, run the command they name (mhcourse/commands/), and turn
what went wrong into an exit code (commands/_common.py ExitCode; docs/architecture.md)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .commands import parse, run
from .commands._common import ExitCode, Output, OutputError, UsageError, stdout_to_nowhere
from .i18n import _

if TYPE_CHECKING:
    from argparse import Namespace


def main(argv: list[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = output = Output(stdout)
    try:
        try:
            args = parse(argv)
        except SystemExit as exit:  # argparse exits 2 on bad usage and 0 for --help / --version
            code = int(exit.code or 0)
        else:
            code = _run_told(args)
        output.flush()  # here, not at exit, so a full disk is told in words
        if output.failed is not None:  # argparse says nothing when --help cannot be written
            raise output.failed
        return code
    except BrokenPipeError:
        # The reader went away (`mhcourse list | head`): stop quietly.
        stdout_to_nowhere(stdout)
        return ExitCode.OK
    except OutputError as err:
        stdout_to_nowhere(stdout)
        print(_("mhcourse: could not write the output ({why}); the rest of it was not written. "
                "Free some space, or send the output somewhere else.").format(why=err.strerror or err),
              file=sys.stderr)
        if err.done:
            print(_("mhcourse: {done}.").format(done=err.done), file=sys.stderr)
        return ExitCode.PROBLEMS
    finally:
        sys.stdout = stdout


def _run_told(args: Namespace) -> int:
    """Run the command; an error it raises is told in words and becomes its exit code."""
    from .errors import ConfigError, StoreError
    from .progress.moments import today_problem

    wrong_today = today_problem()
    if wrong_today:  # a typo must not quietly record today's real date in a demo
        print(_("mhcourse: {problem}").format(problem=wrong_today), file=sys.stderr)
        return ExitCode.USAGE
    try:
        return run(args)
    except ConfigError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(_("mhcourse: {count} problem(s) in the configuration; nothing was done. "
                "Fix them, then check with: mhcourse config check").format(count=len(err.problems)), file=sys.stderr)
        return ExitCode.USAGE
    except StoreError as err:
        print(_("mhcourse: {error}").format(error=err), file=sys.stderr)
        return ExitCode.STORAGE
    except UsageError as err:
        print(_("mhcourse: {error}").format(error=err), file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
