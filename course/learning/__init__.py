"""Learning with the course: drawing and grading quizzes, practice, completion, the course map's summary
and search, and the patient's question list. Pure functions over content and progress."""
