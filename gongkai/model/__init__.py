"""The report model."""

from gongkai.model.report import CellState, Printed, Prose, Report, coerce_cell

__all__ = ["CellState", "Printed", "Prose", "Report", "coerce_cell"]
