"""The report model."""

from gongkai.model.report import Prose, Report, coerce_cell

__all__ = ["Prose", "Report", "coerce_cell"]
