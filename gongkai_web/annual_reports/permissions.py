"""Who may review an annual report's findings and return it: the predicates of those writes, declared once."""

from __future__ import annotations

from gongkai_web.agencies.permissions import is_leader, is_superior_office
from gongkai_web.common.permissions import Predicate

#: Who confirms or dismisses a finding of a report: the superior office it is submitted to, or the agency's
#: leader in charge (never one who wrote a version of the year's report: ``workflow.not_a_writer``).
can_review_findings: Predicate = is_superior_office | is_leader
#: Who returns a department's report with a reason, and withdraws the return: its superior office.
can_return: Predicate = is_superior_office
