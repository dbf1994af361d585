"""``manage.py check --deploy``: the demo values of marketplace.operations.guards, all at once.

``--database default`` adds what only the database knows (commission table, demo accounts).
"""

from django.core import checks

from . import guards


@checks.register(checks.Tags.security, deploy=True)
def demo_settings(app_configs, **kwargs):
    return [checks.Error(str(p), id=p.id) for p in guards.settings_problems()]


@checks.register(checks.Tags.database, deploy=True)
def demo_data(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    return [checks.Error(str(p), id=p.id) for p in guards.database_problems()]
