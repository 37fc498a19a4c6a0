"""The paper version of a survey (papieren versie), built from its definition.

Questions are numbered through the whole survey, as on the data-entry screen. The skip logic is written
out for the reader: beside an answer that skips the next question(s), "Ga verder met vraag 7"; above a
question or section that is only for some, the condition and where to go otherwise.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..constants import LogicOperator, QuestionType
from ..logic import SurveyStructure, rule_holds
from .entry_selectors import question_numbers


def _quoted(labels: list[str]) -> str:
    quoted = [f"‘{label}’" for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(quoted[:-1]), "last": quoted[-1]}


def _condition(rule, structure: SurveyStructure, numbers: dict[int, int]) -> str:
    source = structure.questions_by_id[rule.source_question_id]
    labels = [option.label for option in source.option_list if option.pk in rule.option_ids]
    params = {"number": numbers[source.pk], "options": _quoted(labels)}
    if rule.operator == LogicOperator.IS_ONE_OF:
        return _("only if you chose %(options)s at question %(number)s") % params
    return _("only if you did not choose %(options)s at question %(number)s") % params


def _go_to(number: int | None) -> str:
    if number is None:
        return _("Go to the end of the questionnaire.")
    return _("Go on with question %(number)s.") % {"number": number}


def _order(structure: SurveyStructure) -> list:
    return [question for section in structure.sections for question in structure.questions_of(section)]


def _skipped_by(question, section_rules, source_id: int, chosen: dict[int, set[int]]) -> bool:
    """Whether a rule of ``question`` (or of its section) on ``source_id`` fails for this one answer."""
    rules = [rule for rule in (*section_rules, *question.rule_list) if rule.source_question_id == source_id]
    return any(not rule_holds(rule, chosen) for rule in rules)


def _jumps(structure: SurveyStructure, numbers: dict[int, int], order: list) -> dict[int, dict[int, str]]:
    """Per source question, per option id: the instruction when that answer skips the next question(s)."""
    sources = {rule.source_question_id for q in order for rule in q.rule_list} | {
        rule.source_question_id for rules in structure.rules_by_section.values() for rule in rules
    }
    jumps: dict[int, dict[int, str]] = {}
    for index, question in enumerate(order):
        if question.pk not in sources:
            continue
        for option in question.option_list:
            chosen = {question.pk: {option.pk}}
            later = order[index + 1 :]
            skipped = 0
            for following in later:
                if not _skipped_by(
                    following, structure.rules_by_section.get(following.section_id, ()), question.pk, chosen
                ):
                    break
                skipped += 1
            if skipped:
                target = later[skipped] if skipped < len(later) else None
                jumps.setdefault(question.pk, {})[option.pk] = capfirst(_go_to(numbers[target.pk] if target else None))
    return jumps


def _otherwise(order: list, after_index: int, numbers: dict[int, int]) -> str:
    target = order[after_index] if after_index < len(order) else None
    return _go_to(numbers[target.pk] if target else None)


def paper_sections(structure: SurveyStructure) -> list[dict]:
    """Sections with numbered questions, answer boxes with codes, and the route written out."""
    numbers = question_numbers(structure=structure)
    order = _order(structure)
    position = {question.pk: index for index, question in enumerate(order)}
    jumps = _jumps(structure, numbers, order)
    sections = []
    for section_number, section in enumerate(structure.sections, start=1):
        questions = structure.questions_of(section)
        section_rules = structure.rules_by_section.get(section.pk, ())
        route = None
        if section_rules and questions:
            conditions = _(" and ").join(_condition(rule, structure, numbers) for rule in section_rules)
            route = _("Fill in this part %(conditions)s. Otherwise: %(go_to)s") % {
                "conditions": conditions,
                "go_to": _otherwise(order, position[questions[-1].pk] + 1, numbers),
            }
        items = []
        for question in questions:
            question_route = None
            if question.rule_list:
                conditions = _(" and ").join(_condition(rule, structure, numbers) for rule in question.rule_list)
                question_route = _("Answer this question %(conditions)s. Otherwise: %(go_to)s") % {
                    "conditions": conditions,
                    "go_to": _otherwise(order, position[question.pk] + 1, numbers),
                }
            option_jumps = jumps.get(question.pk, {})
            items.append(
                {
                    "question": question,
                    "number": numbers[question.pk],
                    "route": question_route,
                    "kind": question.question_type,
                    "multiple": question.question_type == QuestionType.MULTIPLE_CHOICE,
                    "options": [
                        {"option": option, "jump": option_jumps.get(option.pk)} for option in question.option_list
                    ],
                    "statements": question.statement_list,
                    "lines": range(5 if question.question_type == QuestionType.LONG_TEXT else 1),
                }
            )
        sections.append({"section": section, "number": section_number, "route": route, "questions": items})
    return sections
