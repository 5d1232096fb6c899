"""Every string a person sees comes from the message catalogue (issue 13).

`tests/catalogue_scan.py` reads the sources with `ast` and lists the English outside `_()`,
`ngettext()` and `N_()`; a failure names file:line and the text to wrap (docs/translating.md).
What is deliberately left in English is listed below, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import catalogue_scan
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course"

# Words that stay the same in every language, and why. (file, the text as the scan shows it)
ALLOWED: dict[tuple[str, str], str] = {
    ("course/outputs/record.py", "ketamine-course completion record"): "the record's kind: data that verify reads",
    ("course/outputs/record.py", "Do not edit: ketamine-course verify checks this file against it."):
        "inside the record's data block, which verify matches exactly: any edition's record verifies",
    ("course/outputs/record.py", "ketamine-course record data, format {}. {}\n{}\nsha256 of the rest of this file: {}\n{}"):
        "the record's data block, read by verify",
    ("course/outputs/record.py", "ed25519 signature by the issuer: "): "the signature line of that block, as above",
    ("course/outputs/issuer.py", "ketamine-course issuer key"): "the key file's kind: data that load_key reads",
    ("course/outputs/issuer.py", "ketamine-course issuer public key"): "the public key file's kind: data verify reads",
    ("course/outputs/issuer.py", '# {}. Private: anyone with this file can certify records in your name.\n# Keep it '
                                 'here, readable only by you; give others the public key (ketamine-course issuer '
                                 'export).\nkind = {}\nname = {}\ncreated = {}\nfingerprint = {}\nprivate_key = '
                                 '"""\n{}"""\n'):
        "the key file: data, the same in every edition so a key moves between them (like the progress file)",
    ("course/outputs/issuer.py", "# {}: publish it, so that anyone can check the records {} certifies.\n# Check a "
                                 "record with: ketamine-course verify RECORD --issuer THIS_FILE\nkind = {}\nname = "
                                 "{}\nfingerprint = {}\npublic_key = {}\n"): "the published key file, as above",
    ("course/outputs/report.py", "{} read"): "the learners CSV's column names: data for a spreadsheet, in every edition",
    ("course/outputs/report.py", "{} best_score"): "as above",
    ("course/outputs/report.py", "{} attempts"): "as above",
    ("course/outputs/report.py", "{} passed"): "as above",
    ("course/terminal.py", "carriage return"): "names of control characters in the escaped-text notation, like \\x1b",
    ("course/terminal.py", "control sequence introducer"): "as above",
    ("course/terminal.py", "operating system command"): "as above",
}
# CSS classes and Rich styles that look like words
STYLE_NAMES = {"result right", "option right", "verdict right", "verdict wrong", "not bold", "bold $text-success",
               "indented hang", "missed hang"}
ALLOWED_FILES = {
    "course/progress/fileformat.py": "writes the progress file, data read back by the app; "
                                     "the same in every language so a file moves between editions",
    "course/progress/values.py": "the progress file's first and last lines (fileformat writes them): as above",
}
LAYERS = {
    "core": ["content", "progress", "learning", "outputs", "*.py"],
    "cli and web": ["cli", "web"],
    "app": ["tui"],
}


def findings(layer: str) -> list[str]:
    found = []
    for pattern in LAYERS[layer]:
        paths = sorted(PACKAGE.glob(pattern)) if pattern.endswith(".py") else sorted((PACKAGE / pattern).rglob("*.py"))
        for path in paths:
            for finding in catalogue_scan.scan_file(path, ROOT):
                if finding.path in ALLOWED_FILES or (finding.path, finding.text) in ALLOWED or finding.text in STYLE_NAMES:
                    continue
                found.append(str(finding))
    return found


@pytest.mark.parametrize("layer", list(LAYERS))
def test_every_string_a_person_sees_is_in_the_catalogue(layer):
    found = findings(layer)
    assert not found, (f"{len(found)} string(s) a person sees are not in the catalogue: wrap them in _() "
                       "(or ngettext, or N_ for a constant; docs/translating.md):\n" + "\n".join(found))


def test_the_allow_list_is_still_needed():
    scanned = {(f.path, f.text) for f in catalogue_scan.scan(PACKAGE, ROOT)}
    stale = [key for key in ALLOWED if key not in scanned]
    assert not stale, f"allowed strings no longer in the code: remove them from ALLOWED: {stale}"


def test_the_scan_sees_what_a_person_sees():
    source = '''
from course.i18n import _, N_
TITLE = "Course map"
MARKED = N_("Course map")
def show(app, n):
    app.notify("Saved.")
    app.notify(_("Saved."))
    print(f"{n} lessons done")
    print(_("{n} lessons done").format(n=n))
    parser.add_argument("--x", help="use the course in DIR")
    widget = Static("Welcome", id="welcome-text", classes="notice")
    parser.add_subparsers(title="commands", metavar="COMMAND")
    who = f"{name or 'Someone'} · {role}"
    label = name or (f"Learner {n}" if n else "Nobody yet")
    rows = Table(("Name",), tuple((f"{n} of {app}", n) for n in app))
    return "Not passed yet"
def _changed(self, at, note=""):
    pass
def moved(self, n):
    self._changed(n, f"Moved to number {n}.")
    self._changed(n, _("Moved to number {n}.").format(n=n))
'''
    path = ROOT / "tests" / "_scan_sample.py"
    path.write_text(source, encoding="utf-8")
    try:
        texts = [f.text for f in catalogue_scan.scan_file(path, ROOT)]
    finally:
        path.unlink()
    assert sorted(texts) == sorted(["Course map", "Saved.", "{} lessons done", "use the course in DIR", "Welcome",
                                    "Not passed yet", "Someone", "Learner {}", "Nobody yet", "commands", "Name",
                                    "{} of {}", "Moved to number {}."])
    assert not catalogue_scan.is_english("welcome-text") and not catalogue_scan.is_english("ctrl+p")
    assert not catalogue_scan.is_english("{title}: {how}") and catalogue_scan.is_english("Quit")


def _own_scope(function: ast.AST):
    """The nodes of a function, without those of its comprehensions (which have their own scope)."""
    for child in ast.iter_child_nodes(function):
        if isinstance(child, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        yield child
        yield from _own_scope(child)


def test_no_function_hides_the_translation_function():
    """`stem, _, ext = …` inside a function that also calls _() would call the string."""
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            names = {n.id for n in _own_scope(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in ast.walk(function))
            if "_" in names and calls:
                hidden.append(f"{path.relative_to(ROOT)}:{function.lineno}")
    assert not hidden, f"these functions assign to _ and call _(): rename the variable: {hidden}"


# ---------------------------------------------------------------- the Spanish catalogue

SPANISH = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "ketamine_course.po"
FIELD = __import__("re").compile(r"\{(\w*)[^{}]*\}")


def extracted() -> dict:
    """Every message the code marks, as `pybabel extract -k N_` finds them: msgid -> places."""
    from babel.messages.extract import extract_from_dir

    found: dict = {}
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for filename, line, message, _comments, _context in extract_from_dir(str(PACKAGE), keywords=keywords):
        found.setdefault(message, []).append(f"course/{filename}:{line}")
    return found


def fields(text: str) -> set[str]:
    return set(FIELD.findall(text.replace("{{", "").replace("}}", "")))


def test_every_message_has_a_spanish_translation_with_the_same_fields():
    from babel.messages.pofile import read_po

    with SPANISH.open("rb") as file:
        catalogue = read_po(file)
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    translated = {message.id: message for message in catalogue if message.id}
    singular_of = {message_id[0]: message_id for message_id in translated if isinstance(message_id, tuple)}
    problems = [f"{places[0]}: {message_id!r} is also the singular of a plural message ({singular_of[message_id]!r}): "
                "gettext keeps only one of them; use ngettext here too"
                for message_id, places in extracted().items() if isinstance(message_id, str) and message_id in singular_of]
    for message_id, places in extracted().items():
        entry = translated.get(message_id)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            problems.append(f"{places[0]}: no Spanish translation for {message_id!r}")
        elif entry.fuzzy:
            problems.append(f"{places[0]}: the Spanish for {message_id!r} is marked fuzzy (unchecked)")
        else:
            sources = (message_id,) if isinstance(message_id, str) else message_id  # singular and plural
            texts = (entry.string,) if isinstance(entry.string, str) else entry.string
            for source, text in zip(sources, texts):
                if fields(text) != fields(source):
                    problems.append(f"{places[0]}: the Spanish for {message_id!r} has fields {sorted(fields(text))}, "
                                    f"not {sorted(fields(source))}")
    assert not problems, ("course/locale/es/LC_MESSAGES/ketamine_course.po needs work (docs/translating.md, "
                          "'Updating a catalogue'):\n" + "\n".join(problems))



def definitions(text: str) -> list[tuple[int, str]]:
    """Each entry of a .po file: (its line, its msgctxt and msgid as written)."""
    found, key, start = [], [], 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("msgstr"):
            if key:
                found.append((start, "\n".join(key)))
            key = []
        elif line.startswith(("msgctxt ", "msgid")) or (key and line.startswith('"')):
            start = start if key else number
            key.append(line)
    return found


def test_no_message_is_translated_twice_in_a_catalogue():
    """Babel silently keeps the first of two entries for one message (and so the app shows it);
    msgfmt, msgmerge and translators' editors refuse the file. It happens when entries are added
    by hand at the end instead of with `pybabel update` (docs/translating.md)."""
    for po in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):
        first: dict[str, int] = {}
        twice = []
        for line, key in definitions(po.read_text(encoding="utf-8")):
            if key in first:
                twice.append(f"{po.relative_to(ROOT)}:{line}: {key} is already translated at line {first[key]}; "
                             "keep one of the two")
            first.setdefault(key, line)
        assert not twice, "\n".join(twice)


# ---------------------------------------------------------------- marked, then shown untranslated

# Calls that take a marked constant and translate it themselves (keymap.Command shows _(text)).
TRANSLATES_ITS_ARGUMENTS = {"Command", "gettext"}


def _marked(node: ast.AST) -> str | None:
    """'text' for CONSTANT = N_("…"), 'table' for a dict of them, else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_":
        return "text"
    if isinstance(node, ast.Dict) and any(_marked(value) for value in node.values):
        return "table"
    return None


def _translated_here(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and catalogue_scan._name(node.func) in {"_", *TRANSLATES_ITS_ARGUMENTS}


def marked_but_shown_untranslated(paths, root: Path = ROOT) -> list[str]:
    """N_() only marks a constant for the catalogue: where it is shown it must go through _()
    (`_(HINTS[kind])`), or the learner reads the English whatever the language."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    marked: dict[str, str] = {}
    for tree in trees.values():
        for statement in tree.body:
            targets = statement.targets if isinstance(statement, ast.Assign) else (
                [statement.target] if isinstance(statement, ast.AnnAssign) else [])
            kind = _marked(statement.value) if targets and statement.value is not None else None
            for target in targets:
                if kind and isinstance(target, ast.Name):
                    marked[target.id] = kind
    found = []
    for path, tree in trees.items():
        parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in marked):
                continue
            used = node
            if marked[node.id] == "table":
                if not (isinstance(parent.get(node), ast.Subscript) and parent[node].value is node):
                    continue  # the table itself, passed around or iterated: its items are checked where shown
                used = parent[node]
            if not _translated_here(parent.get(used)):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(parent.get(used, used))[:90]}")
    return sorted(found)


def test_a_marked_constant_is_translated_where_it_is_shown():
    found = marked_but_shown_untranslated(sorted(PACKAGE.rglob("*.py")))
    assert not found, ("these show a constant marked with N_() without _(), so it stays English: "
                       "wrap it, e.g. _(HINTS[kind]) (docs/translating.md):\n" + "\n".join(found))


def test_the_marked_constant_check_sees_an_untranslated_use(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('from course.i18n import _, N_\nHINTS = {True: N_("Choose all.")}\nNOTE = N_("Saved.")\n'
                      'def show(widget, many):\n    widget.update(HINTS[many])\n    widget.update(_(HINTS[many]))\n'
                      '    widget.update(NOTE)\n    widget.update(_(NOTE))\n    return list(HINTS)\n', encoding="utf-8")
    assert marked_but_shown_untranslated([sample], tmp_path) == [
        "sample.py:5: widget.update(HINTS[many])", "sample.py:7: widget.update(NOTE)"]


def translated_inside_fstrings(paths, root: Path = ROOT) -> list[str]:
    """_("…") inside an f-string's braces: on Python 3.11, `pybabel extract` (and so
    `pybabel update` and this file's catalogue check) never sees it, and it stays English."""
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if (isinstance(call, ast.Call) and catalogue_scan._name(call.func) in catalogue_scan.TRANSLATED
                            and call.args and isinstance(call.args[0], ast.Constant)):  # _(CONSTANT) is marked where defined
                        found.append(f"{path.relative_to(root)}:{call.lineno}: {ast.unparse(call)[:80]}")
    return sorted(set(found))


def test_no_message_is_marked_inside_an_f_string():
    found = translated_inside_fstrings(sorted(PACKAGE.rglob("*.py")))
    assert not found, ("pybabel cannot see these messages inside f-strings, so they reach no catalogue: "
                       "translate first (words = _(\"…\")), then use {words} in the f-string:\n" + "\n".join(found))


def test_the_f_string_check_sees_a_message_inside_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('from course.i18n import _\nwords = _("Lessons")\nA = f"<h2>{words}</h2>"\n'
                      'B = f"<h2>{_(\'Lessons\')}</h2>"\n', encoding="utf-8")
    assert translated_inside_fstrings([sample], tmp_path) == ["sample.py:4: _('Lessons')"]
