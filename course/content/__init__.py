"""The course as data: the model (Course, Module, Question…), the loader that reads lessons/ and reports
every author mistake as file:line, and Markdown helpers. Imports nothing above it."""
