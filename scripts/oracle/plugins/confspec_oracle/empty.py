"""A namespace that registers no options: oslo writes `[DEFAULT]` alone."""


def list_opts():
    return []
