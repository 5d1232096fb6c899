"""Old progress files keep loading: a migration for every earlier format, a fixture file for
every format, and a fingerprint of the model that fails when the format changes unnoticed.

When a test here fails after you changed course/progress/model.py, follow the checklist at the top
of course/progress/migrations.py.
"""

from __future__ import annotations

import hashlib
import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

import course.progress.fileformat as toml_module
import course.progress.store as store_module
from course.progress.migrations import MIGRATIONS, MigrationError, migration, upgrade
from course.progress.model import SCHEMA_VERSION, Index, Progress
from course.progress.store import ProgressStore

FIXTURES = Path(__file__).parent / "fixtures" / "progress"

# The model's shape for each format. A change to any field, type or default changes the
# fingerprint: then bump SCHEMA_VERSION, add the migration and the fixture, record it here.
FINGERPRINTS = {1: "011828f3478f4ba3", 2: "35470b0ad45d1d6d", 3: "979d264a460f7695", 4: "82a7cbfcddfee95a"}  # (a pydantic upgrade that renders constraints differently may also change it)


def _describe(extra) -> str:
    """A constraint (Ge(ge=0)) or a validator (AfterValidator(clean_text)), without memory addresses."""
    function = getattr(extra, "func", None)
    return f"{type(extra).__name__}({function.__name__})" if function else repr(extra)


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        return f"{_type_name(base)}[{', '.join(sorted(map(_describe, extras)))}]"
    if origin is typing.Literal:
        return f"Literal{sorted(typing.get_args(annotation))}"
    if origin is not None:
        return f"{getattr(origin, '__name__', origin)}[{', '.join(_type_name(a) for a in typing.get_args(annotation))}]"
    return getattr(annotation, "__name__", repr(annotation))


def model_shape(model: type[BaseModel], seen: dict[str, str] | None = None) -> dict[str, str]:
    seen = {} if seen is None else seen
    if model.__name__ in seen:
        return seen
    lines = []
    seen[model.__name__] = ""
    for name, field in sorted(model.model_fields.items()):
        default = "factory" if field.default_factory else repr(field.default)
        constraints = ", ".join(sorted(map(_describe, field.metadata)))
        lines.append(f"{name}: {_type_name(field.annotation)}[{constraints}] = {default}")
        for inner in _models_in(field.annotation):
            model_shape(inner, seen)
    seen[model.__name__] = "; ".join(lines)
    return seen


def _models_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def fingerprint() -> str:
    shape = model_shape(Progress)
    if SCHEMA_VERSION >= 2:  # from format 2 the index is a file of its own
        model_shape(Index, shape)
    text = "\n".join(f"{name} {{{shape[name]}}}" for name in sorted(shape))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_model_has_not_changed_without_a_new_schema_version():
    assert fingerprint() == FINGERPRINTS.get(SCHEMA_VERSION), (
        f"The progress model changed (fingerprint {fingerprint()}), or SCHEMA_VERSION did. "
        "A change to what the file holds needs: SCHEMA_VERSION + 1, a migration from the old version in "
        "course/progress/migrations.py, a fixture tests/fixtures/progress/v<new>.toml, and the new fingerprint "
        "recorded in FINGERPRINTS. See the checklist in course/progress/migrations.py.")


def test_every_earlier_version_has_a_migration():
    missing = [version for version in range(1, SCHEMA_VERSION) if version not in MIGRATIONS]
    assert not missing, f"no migration from format(s) {missing}: add @migration(N) in course/progress/migrations.py"


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_a_file_of_every_version_loads_into_the_current_model(tmp_path, version):
    fixture = FIXTURES / f"v{version}.toml"
    assert fixture.exists(), f"keep a progress file written in format {version} as {fixture}"
    path = tmp_path / "progress.toml"
    shutil.copy(fixture, path)
    if (FIXTURES / f"v{version}-learners").is_dir():  # from format 2, each learner's file beside it
        shutil.copytree(FIXTURES / f"v{version}-learners", tmp_path / "progress-learners")
    store = ProgressStore.open(path)
    assert store.notices == [] and not store.read_only
    sam = store.data.learners["5a3e9c01"]
    assert sam.name == 'Sam "the" Learner 🌿' and sam.role == "volunteer"
    assert sam.lessons["risks"].last_section == 2
    assert [a.score for a in sam.quizzes["what-it-is"].attempts] == [50, 100]
    assert [q.text for q in sam.questions][0] == "Can someone drive me home?"
    assert sam.notes["risks"].endswith("שאלה בעברית")
    assert store.save()  # and it saves in the current format
    assert ProgressStore.open(path).data == store.data


def test_files_without_a_version_are_the_first_format():
    assert upgrade({"learners": {}}, 1)["learners"] == {}


def test_format_1_review_streaks_become_leitner_boxes_due_now():
    data = {"learners": {"a": {"review": {"m/q": {"misses": 2, "streak": 1}, "m/r": {"misses": 1, "streak": 0}}},
                         "b": {"name": "no review"}}}
    upgraded = upgrade(data, 2)
    assert upgraded["learners"]["a"]["review"] == {"m/q": {"misses": 2, "box": 1}, "m/r": {"misses": 1, "box": 0}}
    assert upgraded["schema_version"] == 2


def test_an_upgraded_file_keeps_its_review_items(tmp_path):
    path = tmp_path / "progress.toml"
    shutil.copy(FIXTURES / "v1.toml", path)
    item = ProgressStore.open(path).data.active.review["what-it-is/approved-form"]
    assert (item.misses, item.box, item.due) == (1, 1, None)


def test_the_version_2_fixture_has_what_version_2_added():
    data = ProgressStore.open(FIXTURES / "v2.toml").data
    assert data.learners["5a3e9c01"].review["what-it-is/approved-form"].due is not None
    assert data.learners["7c7c7c7c"].assessed is False


def test_the_version_3_fixture_has_what_version_3_added():
    data = ProgressStore.open(FIXTURES / "v3.toml").data
    assert data.learners["5a3e9c01"].language == "es"
    assert data.learners["7c7c7c7c"].language is None  # not chosen: --lang, the computer's, the course's
    assert ProgressStore.open(FIXTURES / "v2.toml").data.learners["5a3e9c01"].language is None


def test_an_upgrade_runs_each_step_and_keeps_a_copy_of_the_old_file(tmp_path, monkeypatch):
    """Rehearse the next format change: a fake format after the current one."""
    current = SCHEMA_VERSION

    @migration(current)
    def mark(data: dict) -> dict:
        data["migrated"] = True
        return data

    try:
        assert upgrade({"schema_version": current}, current + 1) == {"schema_version": current + 1, "migrated": True}
        with pytest.raises(MigrationError, match=f"no way to upgrade format {current + 1}"):
            upgrade({"schema_version": current + 1}, current + 2)
        with pytest.raises(MigrationError, match="not a format number"):
            upgrade({"schema_version": 0}, 1)
    finally:
        del MIGRATIONS[current]

    MIGRATIONS[current] = lambda data: data  # a step that changes nothing, to watch the store around it
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(toml_module, "SCHEMA_VERSION", current + 1)
    try:
        path = tmp_path / "progress.toml"
        shutil.copy(FIXTURES / f"v{current}.toml", path)
        if (FIXTURES / f"v{current}-learners").is_dir():
            shutil.copytree(FIXTURES / f"v{current}-learners", tmp_path / "progress-learners")
        store = ProgressStore.open(path)
        assert store.notices == [] and store.data.active.name.startswith("Sam")
        store.data.active.notes["risks"] += "\nmore"
        assert store.save()
        own = tmp_path / "progress-learners" / "5a3e9c01.toml"
        backup = own.with_name(f"5a3e9c01.toml.schema-{current}.bak")
        assert backup.read_bytes() == (FIXTURES / f"v{current}-learners" / "5a3e9c01.toml").read_bytes()
        assert f"schema_version = {current + 1}" in own.read_text()
    finally:
        del MIGRATIONS[current]


def test_a_file_of_the_one_file_layout_becomes_an_index_and_learner_files_and_is_kept(tmp_path):
    path = tmp_path / "progress.toml"
    shutil.copy(FIXTURES / "v1.toml", path)
    store = ProgressStore.open(path)
    before = store.data.model_copy(deep=True)
    assert store.save()
    assert (tmp_path / "progress.toml.schema-1.bak").read_bytes() == (FIXTURES / "v1.toml").read_bytes()
    assert "A copy of the old file is kept" in store.notices[-1]
    assert 'kind = "index"' in path.read_text()
    assert (tmp_path / "progress-learners" / "5a3e9c01.toml").exists()
    assert ProgressStore.open(path).data == before  # nothing lost on the way
