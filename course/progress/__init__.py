"""A learner's progress: the model and its actions, the TOML file format, the store that saves it
(atomic, locked, merged, versioned) and its migrations. Knows nothing of lessons' text."""
