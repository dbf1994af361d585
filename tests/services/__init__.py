"""Real services started on 127.0.0.1 for tests: one launcher module each.

Every launcher picks a free port, waits (bounded) until the service answers, and stops it
by killing its whole process group, leaving no files behind. The fixtures in
``tests/conftest.py`` start them lazily, once per session.
"""
