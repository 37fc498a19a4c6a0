"""Who may do what with activities, reach figures, klantreizen, stories and insights. Tested as role x action
tables.

Officers (beleidsambtenaren) and coordinators of a gemeente see its activities and reach; officers change them.
Council members see none of it: stories and interviews are personal data of residents.
"""

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import has_role, has_role_anywhere

# The roles each kind of page asks for (the views declare them explicitly).
VIEW_ROLES = STAFF_ROLES
EDIT_ROLES = (Role.POLICY_OFFICER,)


def activity_gemeente_ids(activity) -> list[int]:
    """The gemeenten an activity belongs to: its own, or every gemeente of its regio."""
    if activity.gemeente_id:
        return [activity.gemeente_id]
    # Uses the prefetched regio gemeenten when the selector loaded them.
    return [gemeente.pk for gemeente in activity.regio.gemeenten.all()]


def can_view_activities(user, gemeente) -> bool:
    """Officers and coordinators see a gemeente's activities, klantreizen, stories and reach."""
    return has_role(user, gemeente, *VIEW_ROLES)


def can_edit_in(user, gemeente) -> bool:
    """Officers register and change a gemeente's activities, code list, population figures and insights."""
    return has_role(user, gemeente, *EDIT_ROLES)


def can_view_activity(user, activity) -> bool:
    return any(can_view_activities(user, pk) for pk in activity_gemeente_ids(activity))


def can_edit_activity(user, activity) -> bool:
    """A gemeente's activity: its officers. A regional one: officers of every gemeente of the regio."""
    ids = activity_gemeente_ids(activity)
    return bool(ids) and all(can_edit_in(user, pk) for pk in ids)


def can_register_inbreng(user, activity) -> bool:
    """A finished activity of a single gemeente gets its inbreng in that gemeente's feedback register."""
    return activity.gemeente_id is not None and activity.is_finished() and can_edit_activity(user, activity)


def can_edit_journey(user, journey) -> bool:
    return can_edit_in(user, journey.gemeente_id)


def can_edit_story(user, story) -> bool:
    return can_edit_activity(user, story.activity)


def can_convert_insight(user, insight) -> bool:
    """Officers turn an insight into a roadmap action or an adviesaanvraag."""
    return can_edit_in(user, insight.gemeente_id)


def can_see_coordinator_overview(user) -> bool:
    """The overview across gemeenten with its export: officers and coordinators."""
    return has_role_anywhere(user, *VIEW_ROLES)


def can_view_any_activities(user) -> bool:
    """Officers and coordinators of at least one gemeente open the activity pages."""
    return has_role_anywhere(user, *VIEW_ROLES)


def can_edit_any_activities(user) -> bool:
    """Officers of at least one gemeente record activities; the form offers only their gemeenten."""
    return has_role_anywhere(user, *EDIT_ROLES)
