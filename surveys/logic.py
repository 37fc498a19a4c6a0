"""Skip logic (routering) of a survey, evaluated on the server.

``SurveyStructure`` loads a whole survey in a fixed number of queries; ``visibility`` tells which
sections and questions a respondent sees given the answers so far. Rules are evaluated in survey
order, so a question hidden by an earlier rule can in turn not make later questions appear.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from .constants import LogicOperator
from .models import Answer, GroupRule, LogicRule, MatrixStatement, Option, Question, Section, Survey


@dataclass
class SurveyStructure:
    """The sections, questions, options, statements and rules of one survey, loaded once."""

    survey: Survey
    sections: list[Section]
    questions_by_section: dict[int, list[Question]]
    questions_by_id: dict[int, Question]
    rules_by_section: dict[int, list[LogicRule]] = field(default_factory=dict)
    # The language of the texts (a translation put on a freshly loaded structure; Dutch by default).
    language: str = "nl"
    # The languages a resident may choose (Dutch first).
    languages: list[str] = field(default_factory=lambda: ["nl"])
    # The translated texts put on it, keyed by (kind, object id, field) (the survey's own title among them).
    translations: dict = field(default_factory=dict)
    # Group rules (routering op groep): per section id, the sets of group ids a respondent must be in one of.
    group_rules_by_section: dict[int, list[frozenset[int]]] = field(default_factory=dict)
    group_question: Question | None = None

    @classmethod
    def load(cls, survey: Survey) -> "SurveyStructure":
        """Load the structure of ``survey`` in six queries, however large it is."""
        sections = list(Section.objects.filter(survey=survey).order_by("position", "id"))
        questions = list(Question.objects.filter(survey=survey).order_by("section_id", "position", "id"))
        options = defaultdict(list)
        for option in Option.objects.filter(question__survey=survey).order_by("question_id", "position", "id"):
            options[option.question_id].append(option)
        statements = defaultdict(list)
        for statement in MatrixStatement.objects.filter(question__survey=survey).order_by(
            "question_id", "position", "id"
        ):
            statements[statement.question_id].append(statement)
        rules = list(LogicRule.objects.filter(source_question__survey=survey).order_by("id"))
        rule_options = defaultdict(set)
        if rules:
            through = LogicRule.options.through.objects.filter(logicrule__in=[rule.pk for rule in rules])
            for rule_id, option_id in through.values_list("logicrule_id", "option_id"):
                rule_options[rule_id].add(option_id)
        rules_by_question = defaultdict(list)
        rules_by_section = defaultdict(list)
        for rule in rules:
            rule.option_ids = frozenset(rule_options[rule.pk])
            if rule.target_question_id:
                rules_by_question[rule.target_question_id].append(rule)
            else:
                rules_by_section[rule.target_section_id].append(rule)
        group_rules_by_question, group_rules_by_section = _group_rules(survey)
        questions_by_section = defaultdict(list)
        questions_by_id = {}
        group_question = None
        for question in questions:
            question.group_rule_list = group_rules_by_question.get(question.pk, [])
            if question.is_group_question:
                group_question = question
            question.option_list = options[question.pk]
            question.option_by_id = {option.pk: option for option in question.option_list}
            question.statement_list = statements[question.pk]
            question.rule_list = rules_by_question[question.pk]
            questions_by_section[question.section_id].append(question)
            questions_by_id[question.pk] = question
        return cls(
            survey=survey,
            sections=sections,
            questions_by_section=dict(questions_by_section),
            questions_by_id=questions_by_id,
            rules_by_section=dict(rules_by_section),
            group_rules_by_section=group_rules_by_section,
            group_question=group_question,
        )

    @cached_property
    def fixed_visibility(self) -> tuple[tuple[Section, ...], frozenset[int]] | None:
        """What every respondent sees when the survey has no skip logic and no group rules at all (else None).

        Then no answer and no group changes what is shown, so ``visibility`` need not walk the survey three times
        per submission. Kept with the structure (which is per survey version and never changed after loading).
        """
        if self.rules_by_section or any(self.group_rules_by_section.values()):
            return None
        sections, question_ids = [], set()
        for section in self.sections:
            questions = self.questions_of(section)
            for question in questions:
                if question.rule_list or question.group_rule_list:
                    return None
                question_ids.add(question.pk)
            if questions:
                sections.append(section)
        return tuple(sections), frozenset(question_ids)

    def section_by_id(self, section_id: int) -> Section | None:
        return next((section for section in self.sections if section.pk == section_id), None)

    def questions_of(self, section: Section) -> list[Question]:
        return self.questions_by_section.get(section.pk, [])


def _group_rules(survey: Survey) -> tuple[dict[int, list[frozenset[int]]], dict[int, list[frozenset[int]]]]:
    """The group rules of a survey as sets of group ids, per target question and per target section."""
    by_question, by_section = defaultdict(list), defaultdict(list)
    groups = defaultdict(set)
    through = GroupRule.groups.through.objects.filter(
        Q(grouprule__target_question__survey=survey) | Q(grouprule__target_section__survey=survey)
    ).values_list("grouprule_id", "grouprule__target_question_id", "grouprule__target_section_id", "respondentgroup_id")
    targets = {}
    for rule_id, question_id, section_id, group_id in through:
        groups[rule_id].add(group_id)
        targets[rule_id] = (question_id, section_id)
    for rule_id, (question_id, section_id) in targets.items():
        (by_question[question_id] if question_id else by_section[section_id]).append(frozenset(groups[rule_id]))
    return dict(by_question), dict(by_section)


def group_from_answers(structure: SurveyStructure, answers: dict[int, list[Answer]]) -> int | None:
    """The respondent group the answer to the group question places someone in, or None."""
    question = structure.group_question
    if question is None:
        return None
    for row in answers.get(question.pk, ()):
        option = question.option_by_id.get(row.option_id)
        if option is not None and option.respondent_group_id:
            return option.respondent_group_id
    return None


# Structures of open surveys, per process: {(survey id, language): (key, expires at, structure)}.
_STRUCTURE_CACHE: dict[tuple[int, str], tuple[tuple, float, SurveyStructure]] = {}
STRUCTURE_CACHE_SECONDS = 30
STRUCTURE_CACHE_SIZE = 256


def _structure_load(survey: Survey, language: str) -> SurveyStructure:
    from .languages import structure_translate, survey_language_list, translation_map

    structure = SurveyStructure.load(survey)
    structure.languages = survey_language_list(survey=survey)
    if language != "nl":
        structure.translations = translation_map(survey=survey, language=language)
        structure_translate(structure, structure.translations)
        structure.language = language
    return structure


def structure_for(survey: Survey, *, cached: bool = True, language: str = "nl") -> SurveyStructure:
    """The structure of ``survey`` with its texts in ``language``; for residents kept in memory between requests.

    The cache key holds the survey's ``updated_at``: ``survey_structure_changed`` (every builder write, and
    every change of a translation) bumps it, so a changed survey is loaded afresh in every process. Entries
    also expire after 30 s. The officer's preview passes ``cached=False``.
    """
    if not cached:
        return _structure_load(survey, language)
    key = (survey.updated_at, survey.status)
    now = time.monotonic()
    entry = _STRUCTURE_CACHE.get((survey.pk, language))
    if entry is not None and entry[0] == key and entry[1] > now:
        return entry[2]
    structure = _structure_load(survey, language)
    if len(_STRUCTURE_CACHE) >= STRUCTURE_CACHE_SIZE:
        _STRUCTURE_CACHE.clear()
    _STRUCTURE_CACHE[(survey.pk, language)] = (key, now + STRUCTURE_CACHE_SECONDS, structure)
    return structure


def structure_cache_forget(survey_id: int) -> None:
    """Drop the in-memory structures (every language) of one survey in this process."""
    for key in [key for key in _STRUCTURE_CACHE if key[0] == survey_id]:
        _STRUCTURE_CACHE.pop(key, None)


def rule_holds(rule: LogicRule, chosen: dict[int, set[int]]) -> bool:
    """Whether one rule holds, given the options chosen per visible question.

    "is one of": the earlier answer is one of the options. "is not one of": none of the options
    was chosen (also when the earlier question was left open or hidden).
    """
    selected = chosen.get(rule.source_question_id, set())
    overlap = bool(selected & rule.option_ids)
    return overlap if rule.operator == LogicOperator.IS_ONE_OF else not overlap


@dataclass
class Visibility:
    """The sections (in order) and question ids a respondent sees."""

    sections: list[Section]
    question_ids: set[int]

    def section_index(self, section: Section) -> int | None:
        for index, visible in enumerate(self.sections):
            if visible.pk == section.pk:
                return index
        return None


def group_allows(group_sets, group_id: int | None) -> bool:
    """Whether every group rule of a target lets the respondent's group see it (no group: only without rules)."""
    return all(group_id in groups for groups in group_sets)


def visibility(structure: SurveyStructure, answers: dict[int, list[Answer]], group_id: int | None = None) -> Visibility:
    """Which sections and questions are shown, given ``answers`` (rows per question id) and the respondent's group.

    ``group_id`` is the group the response has (from the invitation batch); an answer to the group question,
    once given, decides the group for the questions after it.
    """
    fixed = structure.fixed_visibility
    if fixed is not None:
        return Visibility(sections=list(fixed[0]), question_ids=set(fixed[1]))
    chosen: dict[int, set[int]] = {}
    sections = []
    question_ids = set()
    for section in structure.sections:
        section_shown = all(
            rule_holds(rule, chosen) for rule in structure.rules_by_section.get(section.pk, ())
        ) and group_allows(structure.group_rules_by_section.get(section.pk, ()), group_id)
        shown_here = False
        for question in structure.questions_of(section):
            if (
                section_shown
                and all(rule_holds(rule, chosen) for rule in question.rule_list)
                and group_allows(question.group_rule_list, group_id)
            ):
                question_ids.add(question.pk)
                shown_here = True
                rows = answers.get(question.pk)
                if rows:
                    chosen[question.pk] = {row.option_id for row in rows if row.option_id}
                    if question is structure.group_question:
                        group_id = group_from_answers(structure, answers) or group_id
        if shown_here:
            sections.append(section)
    return Visibility(sections=sections, question_ids=question_ids)
