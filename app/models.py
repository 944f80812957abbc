"""Every model of the portal, imported in one place so Alembic sees them all."""

from app.accounts.models import StaffUser
from app.assessments.models import Assessment, Contact
from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.stats.models import StatsFact, StatsRelease

__all__ = ["Assessment", "AuditEvent", "Chamber", "Contact", "StaffUser", "StatsFact", "StatsRelease"]
