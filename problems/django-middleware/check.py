def check(args, expected, got):
    """The driver returns "ok" or what went wrong: show that as the test's message."""
    return got == expected, got
