"""A learner's process for test_store_processes.py: records quiz answers and reports each commit.

    python store_child.py DATA_DIR ATTEMPT_ID PREFIX COUNT

Prints "ready" once the store is open, waits for a line on standard input, then records
COUNT answers (COUNT < 0: until killed) to the attempt, printing each question id, flushed,
only after record_answer has returned, that is after its transaction committed.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from mhcourse.progress.store import Store


def main() -> None:
    data_dir, attempt_id, prefix, count = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = Store.open(data_dir)
    print("ready", flush=True)
    sys.stdin.readline()
    numbers = itertools.count() if count < 0 else range(count)
    for i in numbers:
        question = f"{prefix}-{i}"
        # Answers of varying size, so a kill lands in differently sized writes.
        store.record_answer(attempt_id, question, {"n": i, "words": "x" * (i * 37 % 3000)}, i % 3 == 0)
        print(question, flush=True)


if __name__ == "__main__":
    main()
