from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """A user's role within a gemeente (or every gemeente of a regio)."""

    POLICY_OFFICER = "beleidsambtenaar", _("Policy officer")
    COORDINATOR = "coordinator", _("Coordinator")
    COUNCIL_MEMBER = "adviesraadlid", _("Advisory council member")


# Roles that work for the gemeente itself and may see all of its participation work.
STAFF_ROLES = (Role.POLICY_OFFICER, Role.COORDINATOR)
ALL_ROLES = tuple(Role.values)


class Law(models.TextChoices):
    """The three laws of the social domain (Wmo, Participatiewet, Jeugdwet)."""

    WMO = "wmo", _("Wmo")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    JEUGDWET = "jeugdwet", _("Jeugdwet")


class Level(models.TextChoices):
    """The level participation works on: wijk, gemeente or regio."""

    NEIGHBOURHOOD = "wijk", _("Neighbourhood")
    MUNICIPALITY = "gemeente", _("Municipality")
    REGION = "regio", _("Region")


class TargetGroup(models.TextChoices):
    """Doelgroepen the social domain works with; shared by every app."""

    YOUTH = "jongeren", _("Young people")
    ELDERLY = "ouderen", _("Older people")
    DISABILITY = "beperking", _("People with a disability")
    INTELLECTUAL_DISABILITY = "lvb", _("People with a mild intellectual disability")
    CHRONIC_ILLNESS = "chronisch-ziek", _("People with a chronic illness")
    CARERS = "mantelzorgers", _("Informal carers")
    MENTAL_HEALTH = "ggz", _("People with mental health problems")
    WORK_AND_INCOME = "werk-inkomen", _("People on benefits or looking for work")
    PARENTS = "ouders", _("Parents")
    MIGRANTS = "nieuwkomers", _("Newcomers and migrants")
    LOW_LITERACY = "laaggeletterden", _("People with low literacy")
    DEBT = "schulden", _("People with debts")
    REFUGEES = "statushouders", _("Refugees with a residence permit (statushouders)")
    YOUTH_CARE = "jeugdhulp", _("Children and young people in youth care")
    GENERAL = "inwoners", _("All residents")


class DeliveryStatus(models.TextChoices):
    """Where a stored outgoing e-mail stands (verzendstatus)."""

    PENDING = "wachtend", _("Waiting to be sent")
    SENDING = "bezig", _("Being sent")
    SENT = "verzonden", pgettext_lazy("e-mail status", "Sent")
    FAILED = "mislukt", _("Failed")
    UNCERTAIN = "mogelijk-verzonden", _("Possibly sent: check")


# The badge of each delivery status on staff pages (portal.css); the text always says the status too.
DELIVERY_BADGE = {
    DeliveryStatus.PENDING: "status-busy",
    DeliveryStatus.SENDING: "status-busy",
    DeliveryStatus.SENT: "status-done",
    DeliveryStatus.FAILED: "status-overdue",
    DeliveryStatus.UNCERTAIN: "status-overdue",
}


class AuditAction(models.TextChoices):
    """What an audit event (auditregel) records; the security helper list grows with the portal."""

    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logged out")
    LOCKOUT = "lockout", _("Account locked")
    UNLOCK = "unlock", _("Account unlocked")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-step login set up")
    TWO_FACTOR_RESET = "2fa_reset", _("Two-step login reset")
    TWO_FACTOR_FAILED = "2fa_failed", _("Two-step code refused")
    ROLE_CHANGED = "role_changed", _("Role changed")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")
    VIEWED = "viewed", _("Viewed")
    EXPORTED = "exported", _("Exported")
    DOWNLOADED = "downloaded", _("Downloaded")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    PURGED = "purged", _("Removed after the retention term")
    ACCESS_REQUEST = "access_request", _("Personal data handed out")
    ERASURE = "erasure", _("Personal data erased")


class AuditResult(models.TextChoices):
    """Whether the audited action succeeded."""

    SUCCESS = "success", _("Succeeded")
    FAILURE = "failure", _("Failed")
    DENIED = "denied", _("Refused")
