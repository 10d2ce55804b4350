"""The rules of the course, as pure functions: grade an answer, score a quiz, walk a scenario, what comes next.

Both faces (tui/, plain/) and the CLI call these; no rule is written twice.
"""
