"""The words around the lessons: the welcome, the help page with every key, the crisis line.

Kept out of the UI so that `ketamine-course read help` prints exactly what F1 shows in the
app. The key table comes from the keymap (`course.keymap`), with the learner's own keys if
they changed any (keys.toml).
"""

from __future__ import annotations

from course.content.model import Course
from course.i18n import N_, _, ngettext
from course.keymap import help_sections
from course.outputs.plaintext import ABOUT_HEADING, Writer, course_credits, crisis_lines, fill

PACE = N_("Stop whenever you like: the course remembers where you were.")

PRIVACY = N_("Your progress stays on this computer, in a private file. Nothing is sent anywhere.")


def welcome_summary(course: Course) -> str:
    minutes = sum(module.minutes for module in course.modules)
    modules = ngettext("{n} short module, about {minutes} minutes in all, with a short quiz.",
                       "{n} short modules, about {minutes} minutes in all, each with a short quiz.",
                       len(course.modules)).format(n=len(course.modules), minutes=minutes)
    return f"{modules} {_(PACE)}"


def help_text(course: Course, emphasis: bool = False, remap: dict[str, str] | None = None) -> str:
    """The help page as plain text (for `ketamine-course read help`)."""
    out = Writer(emphasis)
    out.heading(_("Help: {title}").format(title=course.title))
    out.para(course.disclaimer)
    out.heading(_("In crisis?"), "-")
    out.items(crisis_lines(course))
    sections = help_sections(remap)
    width = max(len(keys) for _where, rows in sections for keys, _what in rows)
    for where, rows in sections:
        out.heading(where, "-")
        for keys, what in rows:
            out.lines.append(fill(what, initial_indent=f"  {keys.ljust(width)}  ", subsequent_indent=" " * (width + 4)))
        out.lines.append("")
    out.heading(_(ABOUT_HEADING), "-")
    out.items(course_credits(course))
    out.para(_(PRIVACY))
    return out.text()


def help_markdown(course: Course, remap: dict[str, str] | None = None) -> str:
    """The same help page as Markdown, for the app's help screen."""
    lines = ["# " + _("Help: {title}").format(title=course.title), "", course.disclaimer, "", "## " + _("In crisis?"), ""]
    lines += [f"- **{line.name}:** {line.how}" for line in course.crisis] + [""]  # the name bold, not every line
    for where, rows in help_sections(remap):
        lines += [f"## {where}", ""]
        lines += [f"- **{keys}**: {what}" for keys, what in rows]
        lines.append("")
    lines += ["## " + _(ABOUT_HEADING), "", *(f"- {line}" for line in course_credits(course)), ""]
    lines.append(_(PRIVACY))
    return "\n".join(lines) + "\n"
