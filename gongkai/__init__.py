"""gongkai (公开): the Chinese government information-disclosure annual report as typed data.

The core is framework-free: templates as data, the report model, cross-checks, parsers, renderers,
working days, the application workflow and its letters. The Django site lives in ``gongkai_web`` and may import
this package; never the reverse.
"""

__version__ = "0.1.0"
