"""`python -m course` is the same as the `ketamine-course` command."""

from course.cli import main

raise SystemExit(main())
