"""The PDF action plan: the plan object rendered as a branded, tagged,
trilingual PDF with WeasyPrint (`services.render_plan_pdf`), cached per
assessment, and the `flask plan pdf` command (`cli`)."""
