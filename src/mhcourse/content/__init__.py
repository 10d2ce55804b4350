"""The course as data: format-1 models, loading with located problems, the catalog and the lint.

Nothing here imports Textual; both faces (tui/, plain/) and the CLI read the course through this package.
"""
