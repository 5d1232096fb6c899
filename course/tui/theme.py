"""The course's own high-contrast theme, offered alongside Textual's themes.

Every colour is plain hex in `HIGH_CONTRAST` so tests can compute the contrast ratios
(WCAG: body text at least 4.5:1, and well above it here). Muted and disabled text are pinned
to full-strength colours: in this theme nothing fades.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST_NAME = "high-contrast"

HIGH_CONTRAST: dict[str, str] = {
    # the palette
    "background": "#000000",
    "foreground": "#FFFFFF",
    "surface": "#000000",
    "panel": "#1A1A1A",
    "boost": "#262626",
    "primary": "#FFE066",
    "secondary": "#66E0FF",
    "accent": "#66E0FF",
    "success": "#7CFC7C",
    "warning": "#FFE066",
    "error": "#FF8A8A",
    # design variables that would otherwise be derived with transparency
    "text": "#FFFFFF",
    "text-muted": "#E6E6E6",
    "text-disabled": "#BFBFBF",
    "text-primary": "#FFE066",
    "text-success": "#7CFC7C",
    "text-error": "#FF8A8A",
    "text-warning": "#FFE066",
    "block-cursor-foreground": "#000000",
    "block-cursor-background": "#FFE066",
    "block-cursor-blurred-foreground": "#FFFFFF",
    "block-cursor-blurred-background": "#404040",
    "block-hover-background": "#262626",
    # text on coloured buttons ("Start the course" is yellow): Textual's default is white, 1.3:1
    "button-color-foreground": "#000000",
    "border": "#FFE066",
    "border-blurred": "#BFBFBF",
    "footer-foreground": "#FFFFFF",
    "footer-background": "#1A1A1A",
    "footer-key-foreground": "#FFE066",
    "footer-description-foreground": "#FFFFFF",
    "input-cursor-background": "#FFFFFF",
    "input-cursor-foreground": "#000000",
    "input-selection-background": "#66E0FF",
    "input-selection-foreground": "#000000",
    "link-color": "#66E0FF",
    "markdown-h1-color": "#FFE066",
    "markdown-h2-color": "#FFE066",
    "markdown-h3-color": "#FFE066",
    "scrollbar": "#BFBFBF",
    "scrollbar-hover": "#FFFFFF",
    "scrollbar-active": "#FFE066",
    "scrollbar-background": "#1A1A1A",
}

# (text, background) pairs a learner reads: each must reach 4.5:1.
READ_PAIRS: list[tuple[str, str]] = [
    ("foreground", "background"),
    ("foreground", "panel"),
    ("foreground", "boost"),
    ("text-muted", "background"),
    ("text-muted", "panel"),
    ("text-disabled", "background"),
    ("text-primary", "background"),
    ("text-success", "background"),
    ("text-error", "background"),
    ("text-warning", "background"),  # "✗ Not quite"
    ("button-color-foreground", "primary"),
    ("block-cursor-foreground", "block-cursor-background"),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
    ("footer-key-foreground", "footer-background"),
    ("footer-description-foreground", "footer-background"),
    ("input-selection-foreground", "input-selection-background"),
    ("link-color", "background"),
    ("markdown-h2-color", "background"),
]

_PALETTE = ("background", "foreground", "surface", "panel", "boost",
            "primary", "secondary", "accent", "success", "warning", "error")


def high_contrast_theme() -> Theme:
    variables = {name: value for name, value in HIGH_CONTRAST.items() if name not in _PALETTE}
    return Theme(
        name=HIGH_CONTRAST_NAME,
        dark=True,
        text_alpha=1.0,
        variables=variables,
        background=HIGH_CONTRAST["background"], foreground=HIGH_CONTRAST["foreground"],
        surface=HIGH_CONTRAST["surface"], panel=HIGH_CONTRAST["panel"], boost=HIGH_CONTRAST["boost"],
        primary=HIGH_CONTRAST["primary"], secondary=HIGH_CONTRAST["secondary"], accent=HIGH_CONTRAST["accent"],
        success=HIGH_CONTRAST["success"], warning=HIGH_CONTRAST["warning"], error=HIGH_CONTRAST["error"],
    )
