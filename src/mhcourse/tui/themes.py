"""Our own light, dark and high-contrast themes (Textual ships no high-contrast theme)."""

from __future__ import annotations

from textual.theme import Theme

LIGHT = Theme(
    name="course-light",
    primary="#1f5f8b",
    secondary="#5a4e8c",
    accent="#8a4b08",
    foreground="#1d1d1d",
    background="#f7f5f0",
    surface="#ffffff",
    panel="#e8e4da",
    success="#1e6b34",
    warning="#8a5a00",
    error="#a32020",
    dark=False,
)

DARK = Theme(
    name="course-dark",
    primary="#7fb8e0",
    secondary="#b3a6e8",
    accent="#f0b46a",
    foreground="#e8e6e1",
    background="#1b1d21",
    surface="#24272c",
    panel="#2f333a",
    success="#7ccf8f",
    warning="#e9c46a",
    error="#f08080",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="course-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    success="#00ff00",
    warning="#ffff00",
    error="#ff6666",
    dark=True,
    variables={
        "border": "#ffffff",
        "border-blurred": "#ffffff",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#808000",
        "block-cursor-blurred-foreground": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "footer-background": "#000000",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "scrollbar": "#ffffff",
        "scrollbar-background": "#000000",
    },
)

THEMES = {"light": LIGHT, "dark": DARK, "high-contrast": HIGH_CONTRAST}
DEFAULT = "dark"
NAMES = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}
