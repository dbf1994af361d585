"""Reports for commune staff, sellers and the operator: figures per month or quarter.

Periods follow Vietnam time (``periods``); figures are read with the ORM (``selectors``);
heavy reports are kept as ``ReportSnapshot`` rows computed by a task (``tasks``).
"""
