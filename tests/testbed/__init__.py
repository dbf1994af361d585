"""The test bed: ``python -m tests.testbed [pytest args]`` runs pytest on a throw-away
PostgreSQL server (see ``__main__.py``); ``tests/services`` holds the other services."""
