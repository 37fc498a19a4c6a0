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


# Fieldwork: data entry, interviews and the paper version ------------------------------------


def has_entry_assignment(user, survey) -> bool:
    """The user was given data entry for this survey (invoerder), by a coordinator."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_entry_survey_ids", None)
    if cached is None:
        from .models import EntryAssignment

        cached = frozenset(EntryAssignment.objects.filter(user=user).values_list("survey_id", flat=True))
        user._entry_survey_ids = cached
    return survey.pk in cached


def can_enter_responses(user, survey) -> bool:
    """Officers and coordinators of the survey's gemeente, and its entry-only accounts, enter paper cards,
    telephone interviews and street interviews."""
    return can_view_survey(user, survey) or has_entry_assignment(user, survey)


def can_view_paper_version(user, survey) -> bool:
    """The printable paper version: officers and coordinators of the gemeente, and the survey's entry accounts."""
    return can_enter_responses(user, survey)


def can_manage_entry_access(user, survey) -> bool:
    """A coordinator (or policy officer) of the survey's gemeente gives and takes back entry-only access."""
    return can_view_survey(user, survey)


def can_open_entry_home(user) -> bool:
    """An account with entry access to at least one survey sees its list of surveys to enter (invoer)."""
    if not user.is_authenticated:
        return False
    from .models import EntryAssignment

    return EntryAssignment.objects.filter(user=user).exists()


# --- Fieldwork: pilot and translations ---


def can_test_pilot(user, pilot) -> bool:
    """Who fills in a pilot round (proefronde): anyone with the link when it is open to the link; otherwise
    the named testers, the current members of the orgaan it is shared with, and the gemeente's staff."""
    if pilot.open_to_link:
        return True
    if not user.is_authenticated:
        return False
    if has_role(user, pilot.survey.gemeente_id, *STAFF_ROLES):
        return True
    from .selectors import pilot_list_for_tester

    return pilot_list_for_tester(user=user).filter(pk=pilot.pk).exists()


def can_manage_pilot(user, survey) -> bool:
    """Only a beleidsambtenaar of the survey's gemeente starts a pilot round and marks its comments handled."""
    return can_edit_survey(user, survey)


def can_translate_survey(user, survey) -> bool:
    """Only a beleidsambtenaar of the survey's gemeente enters its translations (vertalingen)."""
    return can_edit_survey(user, survey)


def can_run_fieldwork(user, survey) -> bool:
    """Officers and coordinators of the survey's gemeente make invitation batches, letters and groups (veldwerk)."""
    return bool(user.is_authenticated) and has_role(user, survey.gemeente_id, *STAFF_ROLES)
