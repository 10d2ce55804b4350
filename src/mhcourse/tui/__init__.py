"""The Textual face of the course. Every rule comes from the core (progress.learner, learning/)."""
