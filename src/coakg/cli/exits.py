"""The exit codes of every coakg command."""

OK = 0  # success; for check: consistent
FINDINGS = 1  # the data has findings
INPUT = 2  # unreadable input, wrong usage, or the environment refused (disk full, no permission, endpoint down)
INTERNAL = 3  # a bug of coakg: --debug shows the traceback
