"""`GET /api/v1/chambers/{slug}/assessments`: the members' list as JSON, for the chamber's own systems.

A staff member's personal token (Bearer) is required: 401 without a live one,
403 for an account that may read no business rows (an official), 404 for a
chamber that is not the token holder's (or does not exist).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, jsonify, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.accounts.access import client_address, may_read_member_data, token_required
from app.audit.services import record_event
from app.chambers.models import Chamber
from app.extensions import db, limiter
from app.members import services

bp = Blueprint("members_api", __name__, url_prefix="/api/v1")
MAX_LIMIT = 100


def _rate_limit() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", "60 per minute"))


@bp.get("/chambers/<slug>/assessments")
@limiter.limit(_rate_limit)
@token_required
def chamber_assessments(slug: str) -> Response:
    user = g.api_user
    if user.role == "official":
        abort(403)
    chamber_id = db.session.scalar(select(Chamber.id).filter_by(slug=slug[:64], active=True))
    if chamber_id is None or not may_read_member_data(user, chamber_id):
        abort(404)
    try:
        limit = min(max(int(request.args.get("limit", "50")), 1), MAX_LIMIT)
    except ValueError:
        limit = 50
    search = (request.args.get("q") or "")[: services.MAX_QUERY]
    rows, following = services.page(chamber_id, search, services.Cursor.decode(request.args.get("after")), limit)
    record_event("members.api_read", actor_id=user.id, chamber_id=chamber_id,
                 details={"rows": len(rows), "address": client_address()})
    db.session.commit()
    items = [{
        "id": row["public_id"], "business_name": row["business_name"] or None, "email": row["email"] or None,
        "country": row["country"] or None, "sector": row["sector"] or None, "markets": row["markets"],
        "completed_on": row["completed_on"].isoformat(), "urgent_actions": row["actions"],
    } for row in rows]
    return jsonify({"items": items, "next": following.encode() if following else None})
