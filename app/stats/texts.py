"""Texts of the release document, translated for its reader (marked for extraction here)."""

from __future__ import annotations

from app.i18n.markers import N_

FLAG_LEGEND: dict[str, str] = {
    "": N_("Published value (counts rounded to a multiple of 5)."),
    "primary": N_("Suppressed: fewer than k businesses in the cell."),
    "dominance": N_("Suppressed: one chamber holds almost all of the cell's businesses, so it could identify the others."),
    "homogeneity": N_("Suppressed: all or all but one of the businesses in the group gave the same answer."),
    "complementary": N_("Suppressed to protect another cell: otherwise a hidden value could be worked out from totals."),
}

READ_ME: tuple[str, ...] = (
    N_("Anonymized release tables of the USMCA export-readiness portal."),
    N_("Unit: the business, counted once per quarter from its latest completed questionnaire, and only if it agreed to "
       "be counted in aggregate statistics. Drafts never count. The quarter is the quarter of completion."),
    N_("Respondents chose to answer through their chambers of commerce: this is not a probability sample and the "
       "figures are not estimates for all small businesses."),
    N_("No cell describes fewer than k businesses. Means and shares are published only where the cell has at least "
       "k businesses. Counts are rounded to a multiple of 5 after suppression, so rows and columns may not add up "
       "to their totals."),
    N_("A published release never changes. Answers completed after publication count in the next quarter; a "
       "correction is a new version."),
)

COLUMNS_NOTE = N_("Columns: table, period, the table's dimensions, measure (count, mean, share_pct), value, flag.")

DP_NOTE = N_("Differential privacy: random noise (epsilon %(epsilon)s for this publication) was added to every count "
             "before suppression and rounding; its standard deviation is about %(sd)s businesses per count. Means are "
             "not published.")
