"""The course served to web browsers (textual-serve): each tab its own app process."""
