"""mhcourse: a self-guided mental health awareness course for the terminal."""

__version__ = "0.1.0"
