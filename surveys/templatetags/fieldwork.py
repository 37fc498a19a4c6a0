"""The quota status (quotastand) of a survey's respondent groups, for the officer's survey page."""

from django import template

from ..fieldwork.selectors import group_status_list_for_survey

register = template.Library()


@register.inclusion_tag("surveys/fieldwork/_quota_status.html")
def quota_status(survey):
    """Per group: complete responses against the quota (one query); nothing when the survey has no groups."""
    return {"survey": survey, "groups": group_status_list_for_survey(survey=survey)}
