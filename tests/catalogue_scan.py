"""Find the English a person would see that is not in the message catalogue.

Reads the Python sources with `ast` (no imports, no running) and reports a string literal,
or the words of an f-string, that is:

- passed to a call that shows text: `print`, `notify`, a widget (`Static`, `Label`, `Button`,
  `Binding` …), an export block (`Heading`, `Para` …), a message raised to the person
  (`UserError` …), argparse's help (`help=`, `description=`, `epilog=`), or a keyword
  such as `title=` or `placeholder=`;
- given to an attribute a screen shows (`self.sub_title = …`, `BORDER_TITLE = …`);
- kept in a module-level CONSTANT (strings, or lists, tuples and dicts of them).

It is in the catalogue when it is the argument of `_()`, `ngettext()` or `N_()` (and may be
formatted: `_("…{n}").format(n=n)`). "English" means words of letters with a space between,
or one capitalised word; ids, keys, CSS, paths and format-only strings are not words.
Each finding names file:line and the text, so a failure says what to wrap.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SHOWN_BY = {  # calls whose text arguments a person reads
    "print", "notify", "append", "write", "para", "heading", "line", "item", "items", "bullet", "add_row",
    "Static", "Label", "Button", "Binding", "Checkbox", "RadioButton", "Input", "TextArea", "Option",
    "Heading", "Para", "Items", "Table", "Hidden", "Content", "Text", "from_markup", "assemble",
    "UserError", "ExportError", "ArgumentTypeError", "ArgumentError", "error", "exit", "LookupError",
    "ValueError", "MigrationError", "AskScreen", "CourseError", "Problem", "add", "push_screen",
    "DiscoveryHit", "Hit", "Document", "command", "subcommand", "add_parser", "add_subparsers", "Tab", "TabPane", "Collapsible", "Placeholder", "Rule", "Markdown",
}
SHOWN_KEYWORDS = {"help", "description", "epilog", "title", "sub_title", "placeholder", "tooltip", "label",
                  "message", "help_text", "prompt", "text", "heading", "notice", "caption", "subtitle"}
SHOWN_ATTRIBUTES = {"sub_title", "title", "BORDER_TITLE", "BORDER_SUBTITLE", "border_title", "border_subtitle",
                    "tooltip", "placeholder", "label"}
# parameters of a function defined in the scanned file whose argument is words shown to a person
WORDS_PARAMETERS = SHOWN_KEYWORDS | {"note"}
# keywords whose value is always words for a person, even one lowercase word (argparse's group titles)
ONE_WORD_KEYWORDS = {"help", "description", "epilog", "title"}
TRANSLATED = {"_", "ngettext", "N_", "gettext", "pgettext"}

WORD = re.compile(r"[A-Za-z]{2,}")


def is_english(text: str) -> bool:
    """Words a person reads, as opposed to ids, keys, CSS, paths and format-only strings."""
    if re.search(r"\{[^{}]*:[^{}]*;[^{}]*\}", text) or "function (" in text:  # CSS, a script
        return False
    fields = text
    text = re.sub(r"\{[^{}]*\}", "", text)  # format fields are not words
    text = re.sub(r"\[/?[a-z $#.-]*\]", " ", text)  # Rich/Textual markup tags
    words = WORD.findall(text)
    if not words:
        return False
    stripped = text.strip()
    if stripped.startswith(("^", "<", "http://", "https://")) or "(?" in stripped:  # a pattern, markup, an address
        return False
    if '="' in stripped or "'self'" in stripped:  # HTML attributes, a content security policy
        return False
    if re.search(r"\{[^{}]*\}[ ]+[A-Za-z]{2,}|[A-Za-z]{2,}[ ]+\{[^{}]*\}", fields):  # "{n} sections", "{a} of {b}"
        return True
    if " " not in stripped and "-" in stripped:  # a header or option name: X-Room-Page
        return False
    if re.fullmatch(r"[a-z0-9_.:/#+*=$@%-]+", stripped):  # an id, a key, a selector, a path
        return False
    if re.fullmatch(r"[A-Z0-9_]+", stripped):  # a CONSTANT's name, an env variable
        return False
    return " " in stripped or stripped[:1].isupper()


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_pattern(node: ast.Call) -> bool:
    """re.compile(…), re.sub(…): a regular expression is not words for a person."""
    return isinstance(node.func, ast.Attribute) and _name(node.func.value) == "re"


def _is_translated(node: ast.AST) -> bool:
    """_("…"), or _("…").format(…), or a call to ngettext/N_."""
    if isinstance(node, ast.Call):
        if _name(node.func) in TRANSLATED:
            return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return _is_translated(node.func.value)
    return False


def _words_parameters(tree: ast.Module) -> dict[str, set[int]]:
    """The functions defined in a file that take words to show (`def _changed(self, at, note)`):
    name -> the positions, as a caller counts them, of the parameters named as SHOWN_KEYWORDS."""
    found: dict[str, set[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [argument.arg for argument in node.args.posonlyargs + node.args.args]
            if names[:1] in (["self"], ["cls"]):
                names = names[1:]
            positions = {index for index, name in enumerate(names) if name in WORDS_PARAMETERS}
            if positions:
                found.setdefault(node.name, set()).update(positions)
    return found


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, words_parameters: dict[str, set[int]] | None = None) -> None:
        self.path = path
        self.found: list[Finding] = []
        self.words_parameters = words_parameters or {}

    # the text inside an expression that reaches a person
    def shown(self, node: ast.AST | None) -> None:
        if node is None or _is_translated(node):
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if is_english(node.value):
                self.found.append(Finding(self.path, node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            words = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if is_english(words):
                self.found.append(Finding(self.path, node.lineno, words))
            for value in node.values:  # f"{name or 'You'}": words inside the fields are shown too
                if isinstance(value, ast.FormattedValue):
                    self.shown(value.value)
        elif isinstance(node, ast.BoolOp):  # name or "You"
            for value in node.values:
                self.shown(value)
        elif isinstance(node, ast.BinOp):
            self.shown(node.left)
            self.shown(node.right)
        elif isinstance(node, ast.IfExp):
            self.shown(node.body)
            self.shown(node.orelse)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):  # (f"{a} of {b}" for …)
            self.shown(node.elt)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            for element in node.elts:
                self.shown(element)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                self.shown(value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
            self.shown(node.func.value)  # "English {x}".format(x) is still English
        elif isinstance(node, ast.Call) and not _is_pattern(node):
            # fill(f"Explanation: …"): words passed through a helper on their way to be shown
            for argument in node.args:
                self.shown(argument)

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in SHOWN_BY or (name[:1].isupper() and name not in TRANSLATED):  # a class made with words
            for argument in node.args:
                self.shown(argument)
        elif name in self.words_parameters and name not in TRANSLATED:  # self._changed(at, f"Moved to number {n}."): its note is shown
            for index in self.words_parameters[name]:
                if index < len(node.args):
                    self.shown(node.args[index])
        for keyword in node.keywords:
            if keyword.arg in SHOWN_KEYWORDS:
                self.shown(keyword.value)
            value = keyword.value
            if (keyword.arg in ONE_WORD_KEYWORDS and isinstance(value, ast.Constant) and isinstance(value.value, str)
                    and re.fullmatch(r"[a-z]{3,}", value.value)):  # title="commands": one word is still English
                self.found.append(Finding(self.path, value.lineno, value.value))
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name != "__repr__":  # a developer's view of an object, not words for a person
            self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        """A function returning words returns them to be shown (a message, a label, a line)."""
        self.shown(node.value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        """Words given a name are words about to be shown (`who = "Each tab…"`), and so are
        the attributes a screen shows (`self.sub_title`)."""
        if any(isinstance(t, (ast.Name, ast.Attribute)) and not _name(t).startswith("__") for t in node.targets):
            self.shown(node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, (ast.Name, ast.Attribute)) and not _name(node.target).startswith("__"):
            self.shown(node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        """`parts += ["Enter: read this module"]`: more words for something being built to show."""
        self.shown(node.value)
        self.generic_visit(node)


def _constants(tree: ast.Module, scanner: _Scanner) -> None:
    """Module-level CONSTANTS holding English: mark them with N_()."""
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign) else [])
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper() and not target.id.startswith("_"):
                scanner.shown(statement.value)
        # class-level constants too (BINDINGS hold Binding(...) calls, seen by visit_Call)


def scan_file(path: Path, root: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    scanner = _Scanner(path.relative_to(root).as_posix(), _words_parameters(tree))
    scanner.visit(tree)
    _constants(tree, scanner)
    return sorted(set(scanner.found))


def scan(package: Path, root: Path) -> list[Finding]:
    return [finding for path in sorted(package.rglob("*.py")) for finding in scan_file(path, root)]
