"""What the script tests under CTest share: count checks, say each failure, end with a summary.

A script adds tests/support to sys.path and imports it; its main() returns summary().
"""

_counts = {"passed": 0, "failed": 0}


def check(condition, what):
    """Counts one check; a failure is printed at once, with what was expected."""
    if condition:
        _counts["passed"] += 1
    else:
        _counts["failed"] += 1
        print("FAIL:", what, flush=True)
    return condition


def summary():
    """Prints 'N passed, N failed' (the last line CTest shows); the exit code to return."""
    print("%d passed, %d failed" % (_counts["passed"], _counts["failed"]))
    return 1 if _counts["failed"] else 0
