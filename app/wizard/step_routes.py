"""One page per step, "check your answers", and the results page."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app.answers.validation import Problem, validate_answers
from app.assessments import services as store
from app.assessments.models import MAX_ACTION_ID
from app.extensions import limiter
from app.plans.services import build_plan, current_engine
from app.plans.tracking import record_completion
from app.rules_engine.scope import get_path
from app.wizard import current_steps, presenters
from app.wizard import services as svc
from app.wizard.branching import first_open_step, question_shown, set_path, step_done, visible_steps
from app.wizard.forms import StepForm, build_form, initial_data, page_markets
from app.wizard.materials import with_rows_changed
from app.wizard.plan_routes import what_changed
from app.wizard.questions import field_names, question_view
from app.wizard.routes import _page, bp, owns_assessment
from app.wizard.steps import AnswersScope, Question, Step, StepBook

STEP_URL = "/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/step/<step_id>"


def _neighbours(step: Step, steps: list[Step]) -> tuple[Step | None, Step | None]:
    """The steps before and after `step` among the visible `steps`."""
    if step not in steps:
        return None, None
    index = steps.index(step)
    return (steps[index - 1] if index else None), (steps[index + 1] if index + 1 < len(steps) else None)


def _merged(form: StepForm, answers: dict[str, Any]) -> dict[str, Any]:
    """The stored answers with this page's values, as far as they parse."""
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in answers.items()}
    for question in form.questions:
        if question.id.startswith("contact."):
            continue
        try:
            value = form.answers_for(question)
        except ValueError:
            value = None
        set_path(merged, question.id, value)
    return merged


def _errors(questions: tuple[Question, ...], form: StepForm) -> list[tuple[str, str, str]]:
    """(link, message, question) for the error summary, in page order: the
    summary names each question, as "Select an answer." three times would not
    say which three."""
    errors = []
    for question in questions:
        if question.type == "materials" and question.name in form:
            errors += [(f"#{sub.id}", sub.errors[0], presenters.question_label(question))
                       for entry in form[question.name].entries for sub in entry.form if sub.errors]
            continue
        for field_name in field_names(question):
            if field_name in form and form[field_name].errors:
                errors.append((f"#{field_name}", form[field_name].errors[0], presenters.question_label(question)))
    return errors


def _render_step(step: Step, form: StepForm, status: int = 200, elsewhere: tuple[tuple[str, str], ...] = (),
                 **extra: Any) -> tuple[str, int]:
    """`elsewhere`: (link, message) of problems with no field on this page, last in the error summary."""
    state = g.assessment
    steps = visible_steps(current_steps(), state.answers)
    previous, _ = _neighbours(step, steps)
    return _page(
        "wizard/step.html", status, public_id=state.public_id, step=step, form=form,
        questions=[(question_view(q, g.lang), page_markets(q)) for q in step.questions],
        hidden=_ruled_out(form, state.answers), currency=presenters.currency(current_steps()),
        errors=[*_errors(step.questions, form), *elsewhere],
        title=presenters.step_title(step), description=presenters.step_description(step),
        progress=presenters.progress(current_steps(), state.answers, state.contact, step.id), previous=previous, return_to=request.values.get("return"), **extra,
    )


def _save_limit() -> str:
    return str(current_app.config["STEP_SAVE_RATE_LIMIT"])


@bp.route(STEP_URL, methods=["GET", "POST"])
@limiter.limit(_save_limit, methods=["POST"])
@owns_assessment
def step(public_id: str, step_id: str) -> Any:
    book = current_steps()
    state = g.assessment
    step = book.step(step_id)
    if step is None or step not in visible_steps(book, state.answers):
        return _not_shown(step, public_id)
    done = step_done(book, step, state.answers, state.contact)
    data = {**initial_data(step, state.answers, state.contact, done), "version": state.version}
    if request.method == "GET":
        return _render_step(step, build_form(step, step.questions, data))
    form = build_form(step, step.questions)
    action = request.form.get("action", "save")
    if action.startswith("filter:"):
        return _render_step(step, form)
    if action.startswith(("add:", "remove:")):  # a row of materials: the page again, with every value typed
        return _render_step(step, _rows_changed(step, form, action))
    if action == "language":  # the language switcher: this page again in the URL's language, nothing saved
        return _render_step(step, form)
    hidden = _hidden(form, state.answers)
    if not _validate(form, hidden):
        return _render_step(step, form, 422)
    appeared = _appeared(form, state.answers, hidden)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    sent = {q.id: None if q.id in hidden else form.answers_for(q) for q in form.questions}
    result = svc.save_step(book, public_id, g.chamber_id, sent, version, g.lang, state)
    if result.stale:
        return _stale(step, result.state)
    if not result.saved:
        return _render_step(step, form, 422, elsewhere=_place_problems(step, form, result.problems))
    _report(result, step)
    if appeared:
        flash(gettext("Your answers bring more questions on this page. Answer them if you can, or leave them empty, "
                      "and continue."), "info")
        return redirect(url_for("wizard.step", public_id=public_id, step_id=step.id, **_return_args()))
    return redirect(_after_save(step, result.state))


def _rows_changed(step: Step, form: StepForm, action: str) -> StepForm:
    for question in step.questions:
        if question.type == "materials":
            data = with_rows_changed(form, question, action)
            if data is not None:
                return build_form(step, step.questions, data, formdata=None)
    return form


def _return_args() -> dict[str, str]:
    back = request.values.get("return")
    return {"return": back} if back == "review" else {}


def _not_shown(step: Step | None, public_id: str) -> Response:
    """On to the current step; for a step these answers no longer show, saying why."""
    if step is not None and request.method == "POST":
        # Its page was shown before a change in another window hid it: what it sent is not saved.
        flash(gettext("Your answers to “%(step)s” were not saved: this part no longer applies to your business "
                      "after a change made in another window.", step=presenters.step_title(step)), "error")
    elif step is not None:
        flash(gettext("“%(step)s” does not apply to your business with your current answers.",
                      step=presenters.step_title(step)), "info")
    return redirect(url_for("wizard.current", public_id=public_id))


def _problem_field(book: StepBook, path: str) -> tuple[Question | None, str]:
    """The question a problem's path (`$.export.markets[1]`) concerns, and the
    name of its field (an amount's own field for `$.digital.annual_b2c_sales.US`)."""
    answer_path = path.removeprefix("$.").split("[")[0]
    question = book.questions.get(answer_path)
    if question is not None:
        return question, question.name
    parent, _, key = answer_path.rpartition(".")
    question = book.questions.get(parent)
    if question is not None and question.type == "amounts_by_market" and key in question.markets:
        return question, f"{question.name}-{key}"
    return question, question.name if question else ""


def _place_problems(step: Step, form: StepForm, problems: tuple[Problem, ...]) -> tuple[tuple[str, str], ...]:
    """Problems with the answers as they would be saved (consistency between
    answers), shown as field errors: each next to its field when it is on this
    page; the (link, message) of the others, for the error summary."""
    book = current_steps()
    elsewhere = []
    for problem in problems:
        question, name = _problem_field(book, problem.path)
        field = form[name] if question is not None and question.step == step.id and name in form else None
        if field is not None:
            field.errors = [*field.errors, problem.message]
        elif question is not None:
            href = f"#{name}" if question.step == step.id else (
                url_for("wizard.step", public_id=g.assessment.public_id, step_id=question.step) + f"#{name}")
            elsewhere.append((href, gettext("%(question)s: %(problem)s", question=presenters.question_label(question),
                                            problem=problem.message)))
        else:
            elsewhere.append(("#step-form", problem.message))
    return tuple(elsewhere)


def _hidden(form: StepForm, answers: dict[str, Any]) -> set[str]:
    """The questions of this page that its own answers hide (a share of sales
    once the business says it does not export yet): whatever they still carry
    (a browser sends hidden fields too) is neither checked nor kept."""
    merged = _merged(form, answers)
    return {q.id for q in form.questions if q.shown_when is not None and not question_shown(current_steps(), q, merged)}


def _ruled_out(form: StepForm, answers: dict[str, Any]) -> set[str]:
    """The questions of this page that the answers so far rule out (consumer
    sales after "No" to selling to consumers): the page hides them, with or
    without JavaScript. A question whose condition is not answered yet stays
    in sight, its hint saying when it applies, so a page without script
    asks everything it may need."""
    scope = AnswersScope(_merged(form, answers))
    return {q.id for q in form.questions if q.shown_when is not None and q.shown_when.test(scope) is False}


def _appeared(form: StepForm, answers: dict[str, Any], hidden: set[str]) -> bool:
    """Whether this page's answers show one of its questions that the page
    hid (`_ruled_out` by the answers saved before) and that has no answer:
    without JavaScript its owner has not seen it yet, so the page comes back
    once with it. A page whose script showed the question as the answer
    changed (`live`) has been seen whole."""
    scope = AnswersScope(answers)
    for question in form.questions:
        if question.shown_when is None or question.id in hidden or question.shown_when.test(scope) is not False:
            continue
        seen_live = request.form.get("live") == "1" and question_view(question, g.lang).reveal is not None
        if not seen_live and form.answers_for(question) is None:
            return True
    return False


def _validate(form: StepForm, hidden: set[str]) -> bool:
    """Validate the questions shown."""
    form.validate()
    for question in form.questions:
        if question.id in hidden:
            for name in field_names(question):
                if name in form:
                    form[name].errors = []
    fields = {field.short_name: field for field in form}
    notify, address = fields.get("contact-notify_plan_changes"), fields.get("contact-email")
    if notify is not None and address is not None and notify.data == "yes" and not (address.data or "").strip():
        notify.errors = [gettext("To be e-mailed when your plan changes, give your e-mail address above, or answer No.")]
    return not any(field.errors for field in form)


def _stale(step: Step, state: svc.AssessmentState | None) -> tuple[str, int]:
    assert state is not None
    g.assessment = state
    data = {**initial_data(step, state.answers, state.contact, step_done(current_steps(), step, state.answers, state.contact)),
            "version": state.version}
    # The answers as saved now, not what was sent (formdata=None).
    return _render_step(step, build_form(step, step.questions, data, formdata=None), 409, stale=True)


def _report(result: svc.SaveResult, step: Step) -> None:
    book = current_steps()
    for removed in result.removed_steps:
        removed_step = book.step(removed)
        if removed_step is not None and removed != step.id:
            flash(gettext("Your answers to “%(step)s” were removed: that part no longer applies to your business.",
                          step=presenters.step_title(removed_step)), "info")
    if result.removed_home_market:
        flash(gettext("Your own country was removed from your target markets. Check your export plans."), "info")
    if result.reopened:
        flash(gettext("You changed a completed questionnaire. Check your answers and submit them again to update your plan."), "info")


def _after_save(step: Step, state: svc.AssessmentState | None) -> str:
    assert state is not None
    book = current_steps()
    if request.values.get("return") == "review":
        following = first_open_step(book, state.answers, state.contact)
        if following is None:
            return url_for("wizard.review", public_id=state.public_id)
        return url_for("wizard.step", public_id=state.public_id, step_id=following.id, **{"return": "review"})
    _, following = _neighbours(step, visible_steps(book, state.answers))
    if following is None:
        return url_for("wizard.review", public_id=state.public_id)
    return url_for("wizard.step", public_id=state.public_id, step_id=following.id)


@bp.route("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/review", methods=["GET", "POST"])
@owns_assessment
def review(public_id: str) -> Any:
    """Check your answers: every answer with a link to change it, then submit."""
    from flask_wtf import FlaskForm
    from wtforms import HiddenField

    class ReviewForm(FlaskForm):
        version = HiddenField()

    state = g.assessment
    book = current_steps()
    form = ReviewForm(data={"version": state.version})
    problems: list[Any] = []
    status = 200
    if request.method == "POST" and form.validate():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        result = svc.complete_assessment(public_id, g.chamber_id, version, g.lang, current_engine().version)
        if result.saved and result.state is not None and result.state.record is not None:
            # The plan as made: what a later change of the rules is compared with.
            record_completion(result.state.record.assessment.id, result.state.answers, result.state.completed_on)
        if result.saved:
            return redirect(url_for("wizard.results", public_id=public_id))
        if result.stale:
            flash(gettext("Your answers were changed in another window. Check them again before you submit."), "error")
            return redirect(url_for("wizard.review", public_id=public_id))
        problems, status = list(result.problems), 422
    elif request.method == "GET":
        # Answers stored before a check existed (an amount past today's bound)
        # are named here, with the way to change them, rather than lost.
        problems = validate_answers(state.answers, g.lang, partial=True)
    sections = presenters.review_sections(book, state.answers, state.contact)
    open_step = first_open_step(book, state.answers, state.contact)
    return _page("wizard/review.html", status, public_id=public_id, form=form, sections=sections,
                 problems=_problem_links(problems), open_step=open_step and presenters.step_title(open_step),
                 progress={"number": len(sections), "total": len(sections)})


def _problem_links(problems: list[Any]) -> list[dict[str, str]]:
    book = current_steps()
    links = []
    for problem in problems:
        question, name = _problem_field(book, problem.path)
        label = presenters.question_label(question) if question else problem.path
        href = url_for("wizard.step", public_id=g.assessment.public_id, step_id=question.step, **{"return": "review"}) + f"#{name}" if question else "#"
        links.append({"label": label, "message": problem.message, "href": href})
    return links


@bp.get("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/results")
@owns_assessment
def results(public_id: str) -> Any:
    """The action plan, rendered from the plan JSON in the page's language."""
    state = g.assessment
    if state.status != "completed":
        return redirect(url_for("wizard.review", public_id=public_id))
    result = build_plan(state.answers, g.lang, on=state.completed_on)
    if result.plan is None:
        return redirect(url_for("wizard.review", public_id=public_id))
    plan = presenters.plan_view(result.plan.as_dict(), state.answers, request.args.get("area"),
                                request.args.get("priority"), store.ticked_actions(state.record),
                                url_for("wizard.tick", public_id=public_id))
    return _page("wizard/results.html", public_id=public_id, plan=plan, changes=what_changed(public_id, result.plan),
                 country=get_path(state.answers, "profile.country"), notify=bool(state.contact.get("notify_plan_changes")))


@bp.post("/<chamber_slug>/<lang:lang>/questionnaire/<public_id>/results/tick")
@limiter.limit(_save_limit)
@owns_assessment
def tick(public_id: str) -> Response:
    """Mark an action of the plan as done, or not done (CSRF: checked app-wide)."""
    state = g.assessment
    action_id, done = request.form.get("action", ""), request.form.get("done") == "1"
    plan = None
    if state.status == "completed" and 0 < len(action_id) <= MAX_ACTION_ID:  # bounded before any work
        result = build_plan(state.answers, g.lang, on=state.completed_on)
        plan = result.plan.as_dict() if result.plan is not None else None
    if plan is None or action_id not in {a["id"] for a in plan["actions"]}:
        flash(gettext("This action is not in your plan any more. Here is your plan as it is now."), "error")
        return redirect(url_for("wizard.results", public_id=public_id))
    store.tick_action(state.record, action_id, done)
    return redirect(url_for("wizard.results", public_id=public_id) + f"#{action_id}")
