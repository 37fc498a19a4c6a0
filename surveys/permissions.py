"""Who may do what with surveys (vragenlijsten): officers build, coordinators read."""

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import has_role, has_role_anywhere


def can_view_surveys(user) -> bool:
    """Officers and coordinators see the survey builder of their gemeenten."""
    return bool(user.is_authenticated) and has_role_anywhere(user, *STAFF_ROLES)


def can_create_survey(user) -> bool:
    """Only a beleidsambtenaar (or staff) creates surveys, in a gemeente where they are officer."""
    return bool(user.is_authenticated) and has_role_anywhere(user, Role.POLICY_OFFICER)


def can_view_survey(user, survey) -> bool:
    """Officers and coordinators of the survey's gemeente read a survey and its structure."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, *STAFF_ROLES)


def can_edit_survey(user, survey) -> bool:
    """Only a beleidsambtenaar of the survey's gemeente changes, opens, closes or copies it."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, Role.POLICY_OFFICER)


def can_export_answers(user, survey) -> bool:
    """Officers and coordinators of the survey's gemeente take its answer file; adviesraad members never."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, *STAFF_ROLES)


def can_view_results(user, survey) -> bool:
    """Officers and coordinators (also regional ones) of the survey's gemeente read its results (uitkomsten)."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, *STAFF_ROLES)


def can_view_responses(user, survey) -> bool:
    """Officers and coordinators of the survey's gemeente open a single response, read-only."""
    return can_view_results(user, survey)


def can_clean_responses(user, survey) -> bool:
    """Only a beleidsambtenaar of the survey's gemeente leaves a response out (opschonen) or counts it again."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, Role.POLICY_OFFICER)


def can_publish_summary(user, survey) -> bool:
    """Only a beleidsambtenaar of the survey's gemeente publishes the summary of its results."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, Role.POLICY_OFFICER)


def can_read_summaries(user) -> bool:
    """Anyone with a role in a gemeente (adviesraad members too) reads its published results summaries."""
    return bool(user.is_authenticated) and has_role_anywhere(user, *Role.values)


def can_run_fieldwork(user, survey) -> bool:
    """Officers and coordinators of the survey's gemeente make invitation batches, letters and groups (veldwerk)."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, *STAFF_ROLES)
