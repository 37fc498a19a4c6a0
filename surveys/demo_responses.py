"""Generated demo responses (gegenereerde antwoorden) for seed_demo: plausible, repeatable, fast (bulk_create).

Scales lean positive with some off-scale answers, choices get uneven shares, the route (skip logic) is
followed, and responses come from several respondent groups and channels. A survey that already has
responses gets none, so seeding twice adds nothing.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from .constants import AssistedBy, LogicOperator, QuestionType, ResponseChannel, ResponseStatus
from .models import Answer, LogicRule, RespondentGroup, Response, Survey
from .selectors import survey_question_parts

GROUPS = ("Wmo-cliënten", "Ouders (Jeugdwet)", "Participatiewet")
CHANNELS = (
    (ResponseChannel.ONLINE_SELF, "", 70),
    (ResponseChannel.ONLINE_ASSISTED, AssistedBy.VOLUNTEER, 6),
    (ResponseChannel.PAPER, "", 12),
    (ResponseChannel.PAPER, AssistedBy.CARER, 4),
    (ResponseChannel.PHONE, "", 8),
)
COMMENTS = (
    "Ik wist niet dat er een cliëntondersteuner bestond.",
    "Het duurde lang voordat ik iets hoorde.",
    "De medewerker luisterde goed naar mij.",
    "Meer uitleg in gewone taal graag.",
    "Tevreden over de hulp, maar de brieven zijn moeilijk.",
    "Ik ben goed geholpen door de vrijwilliger.",
)


def _scale_weights(options, rng: random.Random) -> list[float]:
    """Better-scoring points are chosen more often; off-scale answers about 6%."""
    points = [o for o in options if not o.is_off_scale]
    ranked = sorted(points, key=lambda o: -(o.score if o.score is not None else -o.position))
    base = {o.pk: 0.85 ** (3 * index) + rng.random() * 0.1 for index, o in enumerate(ranked)}
    total = sum(base.values()) or 1
    return [0.06 if o.is_off_scale else 0.94 * base[o.pk] / total for o in options]


def _shown(rules: list[LogicRule], chosen: dict[int, set[int]]) -> bool:
    for rule in rules:
        picked = chosen.get(rule.source_question_id)
        if picked is None:
            return False
        overlap = bool(picked & {o.pk for o in rule.options.all()})
        if overlap != (rule.operator == LogicOperator.IS_ONE_OF):
            return False
    return True


def responses_generate(*, survey: Survey, count: int, start: datetime, end: datetime, seed: int) -> int:
    """Add ``count`` complete responses with answers to ``survey`` (none when it already has responses)."""
    if survey.responses.exists():
        return 0
    rng = random.Random(seed)
    groups = []
    for position, name in enumerate(GROUPS):
        group, _created = RespondentGroup.objects.get_or_create(
            survey=survey, name=name, defaults={"position": position}
        )
        groups.append(group)
    questions, options, statements = survey_question_parts(survey=survey)
    rules: dict[tuple[str, int], list[LogicRule]] = {}
    for rule in LogicRule.objects.filter(source_question__survey=survey).prefetch_related("options"):
        key = ("q", rule.target_question_id) if rule.target_question_id else ("s", rule.target_section_id)
        rules.setdefault(key, []).append(rule)
    weights = {}
    for question in questions:
        own = options.get(question.pk, [])
        if question.question_type in (QuestionType.SCALE, QuestionType.MATRIX):
            weights[question.pk] = _scale_weights(own, rng)
        elif own:
            weights[question.pk] = [0.3 + rng.random() for _ in own]
    channel_weights = [weight for _c, _a, weight in CHANNELS]
    span = (end - start).total_seconds()
    responses = []
    for _n in range(count):
        channel, assisted_by, _w = rng.choices(CHANNELS, weights=channel_weights)[0]
        responses.append(
            Response(
                survey=survey,
                status=ResponseStatus.COMPLETE,
                completed_at=start + timedelta(seconds=rng.random() * span),
                channel=channel,
                assisted_by=assisted_by,
                respondent_group=rng.choices(groups, weights=(5, 3, 2))[0],
                language="nl",
            )
        )
    responses = Response.objects.bulk_create(responses, batch_size=500)
    answers = []
    for response in responses:
        chosen: dict[int, set[int]] = {}
        for question in questions:
            route = rules.get(("q", question.pk), []) + rules.get(("s", question.section_id), [])
            if route and not _shown(route, chosen):
                continue
            answers.extend(
                _answers_for(response, question, options.get(question.pk, []), statements, weights, rng, chosen)
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    return len(responses)


def _answers_for(response, question, own, statements, weights, rng, chosen) -> list[Answer]:
    kind = question.question_type
    if kind == QuestionType.MATRIX:
        return [
            Answer(response=response, question=question, statement=s, option=rng.choices(own, weights[question.pk])[0])
            for s in statements.get(question.pk, [])
        ]
    if kind == QuestionType.MULTIPLE_CHOICE and own:
        picked = [o for o in own if rng.random() < 0.15 + 0.4 * (1 - o.position / max(len(own), 1))]
        picked = picked or [rng.choice(own)]
        if question.max_choices:
            picked = picked[: question.max_choices]
        chosen[question.pk] = {o.pk for o in picked}
        return [
            Answer(
                response=response, question=question, option=o, text_value=rng.choice(COMMENTS) if o.is_other else ""
            )
            for o in picked
        ]
    if own:
        if not question.is_required and rng.random() < 0.05:
            return []
        option = rng.choices(own, weights[question.pk])[0]
        chosen[question.pk] = {option.pk}
        text = rng.choice(COMMENTS) if option.is_other else ""
        return [Answer(response=response, question=question, option=option, text_value=text)]
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        if rng.random() < 0.7 and not question.is_required:
            return []
        text = rng.choice(COMMENTS)[: question.max_length or None]
        return [Answer(response=response, question=question, text_value=text)]
    if kind == QuestionType.NUMBER:
        low = int(question.min_value) if question.min_value is not None else 18
        high = int(question.max_value) if question.max_value is not None else 90
        low, high = max(low, 18) if high > 18 else low, min(high, 90) if low < 90 else high
        return [Answer(response=response, question=question, number_value=rng.randint(low, max(low, high)))]
    if kind == QuestionType.DATE:
        day = timezone.localdate() - timedelta(days=rng.randint(30, 700))
        return [Answer(response=response, question=question, date_value=day)]
    return []
