"""Every model of the portal, imported in one place so Alembic sees them all."""

from app.accounts.models import ApiToken, PasswordResetToken, RecoveryCode, StaffMembership, StaffSession, StaffUser
from app.assessments.models import ActionTick, Assessment, Contact
from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.members.models import SHARED_LIST_INDEX, AssistedAssessment
from app.plans.models import PlanChange, PlanSnapshot
from app.stats.models import StatsFact, StatsRelease

__all__ = [
    "SHARED_LIST_INDEX",
    "ActionTick",
    "ApiToken",
    "Assessment",
    "AssistedAssessment",
    "AuditEvent",
    "Chamber",
    "Contact",
    "PasswordResetToken",
    "PlanChange",
    "PlanSnapshot",
    "RecoveryCode",
    "StaffMembership",
    "StaffSession",
    "StaffUser",
    "StatsFact",
    "StatsRelease",
]
