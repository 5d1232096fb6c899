"""A learner's progress: the model and its actions, the TOML file format, the store that saves it
(atomic, locked, merged, versioned) and its migrations. Knows nothing of lessons' text."""

from pathlib import Path


def learners_folder(index: Path) -> Path:
    """Where the learners' own files are: `progress-learners/` beside `progress.toml`. Here,
    not in the store, so that the app can see that nothing is saved yet without importing it."""
    return index.with_name(f"{index.stem or index.name}-learners")
