"""Small helpers shared by every stage: subprocesses and atomic files."""
