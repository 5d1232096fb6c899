"""ketamine-course: a self-paced terminal course about ketamine therapy for depression.

The package root stays light: importing `course` loads nothing else, so the command line
starts fast and the domain core never pulls in the UI.
"""

__version__ = "1.0.0"
