"""The pages a resident fills a survey in on (no account), and the same pages as an officer's preview.

Public pages find the survey by its public token and the respondent's response through a signed
cookie (or a resume code). The preview (voorbeeld) renders the very same pages for a logged-in officer and
keeps answers only in the session, never in the database.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from participatie.mixins import PUBLIC, RoleRequiredMixin
from participatie.permissions import has_role

from ..constants import (
    DEFAULT_RESPONSE_LANGUAGE,
    HONEYPOT_FIELD,
    LANGUAGE_COOKIE_NAME,
    LANGUAGE_OWN_NAMES,
    ONLINE_CHANNELS,
    RESPONSE_COOKIE_MAX_AGE,
    RESPONSE_COOKIE_NAME,
    RESUME_MAIL_RATE_LIMIT,
    ResponseStatus,
    SurveyStatus,
)
from ..languages import survey_translate
from ..logic import SurveyStructure, structure_cache_forget, structure_for, visibility
from ..models import Answer, Response, Survey, SurveyPilot
from ..permissions import can_enter_responses, can_test_pilot, can_view_survey
from ..ratelimit import submit_allowed
from ..selectors import (
    answer_rows_for_response,
    pilot_get_by_token,
    survey_get_for_entry,
    survey_get_public,
    survey_list_for_preview,
)
from ..services import GroupFullError, survey_close_if_expired
from .forms import AssistanceForm, EmailForm, PilotCommentForm, ResumeForm, SectionForm, answer_display
from .services import (
    ResponseGoneError,
    ResponseMissingAnswersError,
    ResponseNotEditableError,
    SurveyFullError,
    SurveyNotOpenError,
    missing_answers_section,
    pilot_comment_add,
    response_complete,
    response_interview_page_save,
    response_page_save,
    response_page_save_and_send,
    response_resume_link_send,
    survey_is_full,
    terugkoppeling_email_add,
)

TEMPLATE_DIR = "surveys/respond/"
# Query parameter naming the questions an answer just revealed on the page (marked and focused there).
REVEALED_PARAM = "nieuw"


def format_code(code: str) -> str:
    """A resume code in groups of four, easier to read and copy: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class StructureChangedError(Exception):
    """The survey changed while the respondent was on a page."""


# Where answers live: the database (public) or the session (preview) -----------------------


class DatabaseStore:
    """Answers of a real respondent, in a Response found through a signed cookie of its own.

    The cookie holds only the response's id, signed with the site's secret (salted per survey) and
    valid for two weeks; it is sent only to this survey's public pages and is HttpOnly. No database
    session is written for a respondent, so saving a page costs no session queries.
    """

    preview = False

    def __init__(self, request, survey, *, pilot=None, language: str = DEFAULT_RESPONSE_LANGUAGE):
        self.request, self.survey = request, survey
        # A pilot round keeps its own cookie (on the pilot link's path), so a tester's answers never mix.
        self.pilot, self.language = pilot, language
        suffix = "_proef" if pilot else ""
        self.session_key = f"surveys.response.{survey.pk}"  # before the cookie; still read once, then moved
        self.cookie_name = f"{RESPONSE_COOKIE_NAME}_{survey.pk}{suffix}"
        self.cookie_salt = f"surveys.response.{survey.pk}{suffix}"
        self.cookie_change = None  # ("set", response id) or ("delete", None), written by ``write_cookie``

    def _response_id(self) -> int | None:
        value = self.request.get_signed_cookie(
            self.cookie_name, default=None, salt=self.cookie_salt, max_age=RESPONSE_COOKIE_MAX_AGE
        )
        if value is not None:
            return int(value) if value.isdigit() else None
        if settings.SESSION_COOKIE_NAME in self.request.COOKIES and not self.pilot:
            # A respondent who started before the cookie existed: move the reference over.
            response_id = self.request.session.pop(self.session_key, None)
            if response_id:
                self.cookie_change = ("set", response_id)
            return response_id
        return None

    @cached_property
    def response(self) -> Response | None:
        response_id = self._response_id()
        if not response_id:
            return None
        return Response.objects.filter(pk=response_id, survey_id=self.survey.pk, is_pilot=bool(self.pilot)).first()

    def remember(self, response: Response):
        self.cookie_change = ("set", response.pk)
        self.__dict__["response"] = response

    def forget(self):
        self.cookie_change = ("delete", None)
        self.__dict__["response"] = None

    def write_cookie(self, http_response):
        """Put the change of reference (if any) on the outgoing response."""
        if self.cookie_change is None:
            return
        if self.pilot:
            path = reverse("surveys:pilot_start", kwargs={"token": self.pilot.token})
        else:
            path = reverse("surveys:respond_start", kwargs={"token": self.survey.public_token})
        action, response_id = self.cookie_change
        if action == "delete":
            if self.cookie_name in self.request.COOKIES:
                http_response.delete_cookie(self.cookie_name, path=path, samesite="Lax")
            return
        http_response.set_signed_cookie(
            self.cookie_name,
            str(response_id),
            salt=self.cookie_salt,
            max_age=RESPONSE_COOKIE_MAX_AGE,
            path=path,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )

    @property
    def in_progress(self) -> bool:
        return self.response is not None and self.response.status == ResponseStatus.IN_PROGRESS

    @property
    def group_id(self) -> int | None:
        """The respondent group of the response in progress (from its invitation batch or group question)."""
        return self.response.respondent_group_id if self.in_progress else None

    @property
    def completed(self) -> bool:
        return self.response is not None and self.response.status == ResponseStatus.COMPLETE

    @cached_property
    def rows(self) -> dict[int, list[Answer]]:
        if not self.in_progress:
            return {}
        return answer_rows_for_response(response=self.response)

    def save_page(self, structure, section, page_rows, *, send=False, assisted_by=""):
        """Store the page; with ``send`` (the last page's "Versturen") send it in the same transaction.

        When it could not be sent, the page is kept and the reason is raised (missing answers, closed, group full).
        """
        arguments = {
            "survey": self.survey,
            "response": self.response if self.in_progress else None,
            "structure": structure,
            "section": section,
            "page_rows": page_rows,
            "stored": self.rows,
            "pilot": self.pilot is not None,
            "language": self.language,
        }
        problem = None
        try:
            if send:
                response, visible, problem = response_page_save_and_send(**arguments, assisted_by=assisted_by)
            else:
                response, visible = response_page_save(**arguments)
        except IntegrityError as error:
            # An option or question was removed since this process loaded the survey.
            structure_cache_forget(self.survey.pk)
            raise StructureChangedError from error
        if response is not self.response:
            self.remember(response)
        if problem is not None:
            raise problem
        return visible

    def complete(self, structure, assisted_by=""):
        # The response is read once, locked, by the service (no separate read before it).
        response_id = self.__dict__["response"].pk if self.__dict__.get("response") else self._response_id()
        response = None
        if response_id:
            try:
                response = response_complete(
                    survey=self.survey,
                    response_id=response_id,
                    structure=structure,
                    pilot=self.pilot is not None,
                    assisted_by=assisted_by,
                )
            except Response.DoesNotExist:
                response = None
        self.__dict__["response"] = response
        if response is None:
            if not structure.sections:
                raise SurveyNotOpenError
            raise ResponseMissingAnswersError(structure.sections[0])

    @property
    def resume_code(self) -> str | None:
        if self.pilot:  # a pilot round has no continue-later code
            return None
        return format_code(self.response.resume_code) if self.in_progress else None


class PreviewStore:
    """Answers of an officer's preview: kept in the session only, never stored as responses."""

    preview = True

    def __init__(self, request, survey):
        self.request, self.survey = request, survey
        self.session_key = f"surveys.preview.{survey.pk}"
        self.data = request.session.get(self.session_key) or {"rows": [], "done": False}

    def _write(self):
        self.request.session[self.session_key] = self.data

    def write_cookie(self, http_response):
        """The preview keeps everything in the officer's session."""

    def forget(self):
        self.request.session.pop(self.session_key, None)
        self.data = {"rows": [], "done": False}

    in_progress = property(lambda self: not self.data["done"])
    group_id = None  # the preview has no group but the one its group question gives
    completed = property(lambda self: self.data["done"])
    resume_code = None
    response = None

    @property
    def rows(self) -> dict[int, list[Answer]]:
        rows = {}
        for qid, option_id, statement_id, text, number, day in self.data["rows"]:
            answer = Answer(question_id=qid, option_id=option_id, statement_id=statement_id, text_value=text)
            if number is not None:
                from decimal import Decimal

                answer.number_value = Decimal(number)
            if day:
                from datetime import date

                answer.date_value = date.fromisoformat(day)
            rows.setdefault(qid, []).append(answer)
        return rows

    def save_page(self, structure, section, page_rows, *, send=False, assisted_by=""):
        visible = self._save_rows(structure, section, page_rows)
        if send and visible.section_index(section) == len(visible.sections) - 1:
            self.complete(structure)  # raises when an earlier page misses an answer; this page stays kept
        return visible

    def _save_rows(self, structure, section, page_rows):
        page_ids = {question.pk for question in structure.questions_of(section)}
        merged = {qid: rows for qid, rows in self.rows.items() if qid not in page_ids}
        merged.update(page_rows)
        visible = visibility(structure, merged)
        self.data = {
            "done": False,
            "rows": [
                [
                    row.question_id,
                    row.option_id,
                    row.statement_id,
                    row.text_value,
                    str(row.number_value) if row.number_value is not None else None,
                    row.date_value.isoformat() if row.date_value else None,
                ]
                for qid, rows in merged.items()
                if qid in visible.question_ids
                for row in rows
            ],
        }
        self._write()
        return visible

    def complete(self, structure, assisted_by=""):
        missing = missing_answers_section(structure, self.rows)
        if missing is not None:
            raise ResponseMissingAnswersError(missing)
        self.data["done"] = True
        self._write()


# The views ------------------------------------------------------------------------------


class RespondView(RoleRequiredMixin, View):
    """Shared base: finds the survey, the answer store and the structure; builds URLs for both modes."""

    preview = False
    # Interviewer mode (straatinterview): an interviewer's account fills the pages in with a resident.
    interview = False
    pilot = None  # the SurveyPilot on a pilot round's pages
    # The resident's own answers: never kept by a browser or proxy cache (participatie/middleware.py).
    no_store = True

    def dispatch(self, request, *args, **kwargs):
        self.survey = self.get_survey()
        refused = self.refuse_tester()
        if refused is not None:
            return refused
        self.store = self.make_store(request)
        if not self.preview:
            self.survey = survey_close_if_expired(survey=self.survey)
            self.store.survey = self.survey
        if self.language != DEFAULT_RESPONSE_LANGUAGE:
            survey_translate(survey=self.survey, texts=self.translations)
        # The resident's pages speak the chosen language (buttons, errors); staff pages stay Dutch.
        with translation.override(self.language):
            http_response = super().dispatch(request, *args, **kwargs)
        self.store.write_cookie(http_response)
        self.write_language_cookie(http_response)
        return http_response

    def refuse_tester(self):
        """On a pilot round: a response when this visitor may not test, else None."""
        return None

    # Language (taal) -------------------------------------------------------------------

    @cached_property
    def dutch_structure(self) -> SurveyStructure:
        return structure_for(self.survey, cached=not self.preview)

    @property
    def language_cookie(self) -> str:
        return f"{LANGUAGE_COOKIE_NAME}_{self.survey.pk}"

    @cached_property
    def language(self) -> str:
        """The resident's choice (``?taal=fy`` on the start page, then a cookie), when the survey offers it."""
        chosen = self.request.GET.get("taal") or self.request.COOKIES.get(self.language_cookie)
        if not chosen or chosen == DEFAULT_RESPONSE_LANGUAGE:
            return DEFAULT_RESPONSE_LANGUAGE
        return chosen if chosen in self.dutch_structure.languages else DEFAULT_RESPONSE_LANGUAGE

    @property
    def translations(self):
        """The chosen language's texts, loaded with the (cached) translated structure."""
        return self.structure.translations

    def write_language_cookie(self, http_response):
        chosen = self.request.GET.get("taal")
        if chosen and chosen == self.language and self.request.COOKIES.get(self.language_cookie) != chosen:
            http_response.set_cookie(
                self.language_cookie,
                chosen,
                max_age=RESPONSE_COOKIE_MAX_AGE,
                path=self.url("start"),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )

    def language_choices(self) -> list[dict]:
        """The languages offered on the start page, each named in its own language, with its link."""
        languages = self.dutch_structure.languages
        if len(languages) < 2:
            return []
        return [
            {"code": code, "name": LANGUAGE_OWN_NAMES[code], "url": f"{self.url('start')}?taal={code}"}
            for code in languages
            if code in LANGUAGE_OWN_NAMES
        ]

    def get_survey(self) -> Survey:
        try:
            # A respondent's POST may use the copy this process read moments ago (its writes are checked).
            return survey_get_public(token=self.kwargs["token"], cached=self.request.method == "POST")
        except Survey.DoesNotExist as error:
            raise Http404 from error

    def make_store(self, request):
        if self.preview:
            return PreviewStore(request, self.survey)
        return DatabaseStore(request, self.survey, pilot=self.pilot, language=self.language)

    @cached_property
    def structure(self) -> SurveyStructure:
        if self.language == DEFAULT_RESPONSE_LANGUAGE:
            return self.dutch_structure
        return structure_for(self.survey, cached=not self.preview, language=self.language)

    def url(self, name: str, **kwargs) -> str:
        if self.preview or self.interview:
            mode = "preview" if self.preview else "interview"
            return reverse(f"surveys:{mode}_{name}", kwargs={"pk": self.survey.pk, **kwargs})
        if self.pilot is not None:
            return reverse(f"surveys:pilot_{name}", kwargs={"token": self.pilot.token, **kwargs})
        return reverse(f"surveys:respond_{name}", kwargs={"token": self.survey.public_token, **kwargs})

    def section_url(self, section) -> str:
        return self.url("section", section_id=section.pk)

    def base_context(self, **extra) -> dict:
        return {
            "survey": self.survey,
            "gemeente": self.survey.gemeente,
            "preview": self.preview,
            "interview": self.interview,
            "pilot": self.pilot,
            "page_language": self.language,
            "start_url": self.url("start"),
            "honeypot_field": HONEYPOT_FIELD,
            **extra,
        }

    def page(self, template: str, status: int = 200, **extra):
        return render(self.request, TEMPLATE_DIR + template, self.base_context(**extra), status=status)

    def closed_page(self, *, status: int = 200, kept: bool = False):
        if self.pilot is not None:
            return self.page("pilot_over.html", status=410 if status == 200 else status)
        not_yet = (
            self.survey.status == SurveyStatus.OPEN and self.survey.opens_at and self.survey.opens_at > timezone.now()
        )
        return self.page("closed.html", status=status, not_yet=not_yet, kept=kept)

    def accepting(self) -> bool:
        if self.pilot is not None:
            return self.pilot.is_running
        return self.preview or self.survey.is_accepting_responses()

    @property
    def real_respondent(self) -> bool:
        """A resident on the open link: gets a code to continue later and may leave an e-mail address.

        The preview, a pilot tester and an interview do neither."""
        return not (self.preview or self.interview) and self.pilot is None

    def code_needed(self):
        """A survey only for invitation codes, and no response in progress: a redirect to its code page."""
        if not self.real_respondent or not self.survey.requires_code or self.store.in_progress or self.store.completed:
            return None
        return HttpResponseRedirect(reverse("surveys:fieldwork_code", kwargs={"token": self.survey.public_token}))

    def group_full_page(self, status: int = 200):
        """The friendly page for a respondent group that has reached its quota."""
        return render(self.request, "surveys/fieldwork/group_full.html", self.base_context(), status=status)

    def asks_for_help(self) -> bool:
        """Only a resident filling in online is asked whether someone helped (not paper or an interview)."""
        response = self.store.response
        return response is None or response.channel in ONLINE_CHANNELS

    def guard_post(self):
        """Honeypot and rate limit for public submits: a response to return, or None to go on."""
        if self.preview:
            return None
        if self.request.POST.get(HONEYPOT_FIELD):
            return self.page("problem.html", status=400, problem="honeypot")
        if not submit_allowed(self.request):
            return self.page("problem.html", status=429, problem="rate")
        return None


class StartView(RespondView):
    """The survey's front page: title, introduction, privacy, a start button and continue-with-a-code."""

    permission = PUBLIC

    def get(self, request, *args, **kwargs):
        if not self.accepting():
            return self.closed_page()
        if self.store.completed and not self.preview:
            self.store.forget()
        if self.preview and request.GET.get("opnieuw"):
            self.store.forget()
        if redirect := self.code_needed():
            return redirect
        if self.real_respondent and not self.store.in_progress and survey_is_full(survey=self.survey):
            return self.page("full.html")
        visible = visibility(self.structure, self.store.rows, group_id=self.store.group_id)
        first = visible.sections[0] if visible.sections else None
        current = None
        if self.store.in_progress and self.store.response is not None and self.store.response.current_section_id:
            current = self.structure.section_by_id(self.store.response.current_section_id)
        return self.page(
            "start.html",
            first_url=self.section_url(first) if first else None,
            continue_url=self.section_url(current) if current else None,
            step_count=len(visible.sections),
            resume_form=ResumeForm(),
            resume_action=self.url("resume") if self.real_respondent else None,
            languages=self.language_choices(),
        )


class SectionView(RespondView):
    """One page (section) of the survey: Vorige keeps answers, Volgende validates this page only.

    The last page offers "Versturen" (save and send in one go, the primary button) and "Eerst mijn antwoorden
    bekijken" (save, then the overview, which sends as before).
    """

    permission = PUBLIC

    def offers_send(self, visible) -> bool:
        """Whether this page, as ``visible`` shows the survey, sends: the last page, not on the way back to the
        overview, and not in an interview (checked with the resident on the overview)."""
        if self.interview or self.return_to_summary:
            return False
        return bool(visible.sections) and visible.section_index(self.section) == len(visible.sections) - 1

    @property
    def return_to_summary(self) -> bool:
        return self.request.GET.get("terug") == "overzicht" or self.request.POST.get("return") == "summary"

    def setup_section(self):
        section = self.structure.section_by_id(self.kwargs["section_id"])
        if section is None:
            raise Http404
        self.section = section

    def get(self, request, *args, **kwargs):
        if not self.accepting():
            return self.closed_page()
        if self.store.completed:
            return HttpResponseRedirect(self.url("done"))
        if redirect := self.code_needed():
            return redirect
        self.setup_section()
        rows = self.store.rows
        visible = visibility(self.structure, rows, group_id=self.store.group_id)
        if visible.section_index(self.section) is None:
            return HttpResponseRedirect(self._after(visible))
        form = SectionForm(structure=self.structure, section=self.section, stored=rows, group_id=self.store.group_id)
        return self.render_section(form, visible)

    def post(self, request, *args, **kwargs):
        blocked = self.guard_post()
        if blocked:
            return blocked
        if not self.accepting():
            kept = self.store.response is not None
            return self.closed_page(status=409, kept=kept)
        if self.store.completed:
            return HttpResponseRedirect(self.url("done"))
        if redirect := self.code_needed():
            return redirect
        self.setup_section()
        action = request.POST.get("action")
        going_back = action == "previous"
        rows = self.store.rows
        before = visibility(self.structure, rows, group_id=self.store.group_id)
        form = SectionForm(
            request.POST,
            structure=self.structure,
            section=self.section,
            stored=rows,
            require=not going_back,
            rendered=before.question_ids,
            group_id=self.store.group_id,
        )
        valid = form.is_valid()
        wants_send = action == "send" and self.offers_send(before)
        assistance = AssistanceForm(request.POST) if wants_send and self.asks_for_help() else None
        if (not valid and not going_back) or (assistance is not None and not assistance.is_valid()):
            return self.render_section(form, form.visibility or before, status=400, assistance_form=assistance)
        page_rows = form.page_rows
        if not valid:
            # Going back with a half-filled page: keep what is valid, drop the rest, no error.
            bad = {
                question.pk for question in form.questions if any(n in form.errors for n in form.field_names(question))
            }
            page_rows = {qid: value for qid, value in page_rows.items() if qid not in bad}
        own = {q.pk for q in form.questions}
        revealed = (form.visibility.question_ids & own) - before.question_ids if valid else set()
        # Sent only when the page is still the last one and shows nothing new: otherwise that comes first.
        send = wants_send and not revealed and self.offers_send(form.visibility)
        try:
            visible = self.store.save_page(
                self.structure,
                self.section,
                page_rows,
                send=send,
                assisted_by=assistance.cleaned_data["assisted_by"] if assistance is not None else "",
            )
        except ResponseMissingAnswersError as error:  # sending found an earlier page incomplete; this page is kept
            messages.error(request, _("Some questions on this page still need an answer."))
            return HttpResponseRedirect(self.section_url(error.section) + "?terug=overzicht")
        except SurveyFullError:
            return self.page("full.html", status=409)
        except GroupFullError:
            return self.group_full_page(status=409)  # refused, as a full survey is
        except StructureChangedError:
            return self.page("problem.html", status=409, problem="changed")
        except ResponseGoneError:
            self.store.forget()  # deleted meanwhile: the resident starts again from the survey's front page
            return self.page("problem.html", status=409, problem="gone")
        except (SurveyNotOpenError, ResponseNotEditableError):
            return self.closed_page(status=409, kept=self.store.response is not None)
        if self.store.completed:
            return HttpResponseRedirect(self.url("done"))
        if going_back:
            index = visible.section_index(self.section)
            earlier = [s for s in visible.sections if (s.position, s.pk) < (self.section.position, self.section.pk)]
            if index:
                return HttpResponseRedirect(self.section_url(visible.sections[index - 1]))
            if earlier:
                return HttpResponseRedirect(self.section_url(earlier[-1]))
            return HttpResponseRedirect(self.url("start"))
        shown_before = before.question_ids & {q.pk for q in form.questions}
        shown_now = visible.question_ids & {q.pk for q in form.questions}
        if revealed := shown_now - shown_before:
            messages.info(request, _("Because of your answer, there is an extra question on this page."))
            # The page marks the new question(s) and moves the focus there (portal.js).
            query = urlencode({REVEALED_PARAM: ",".join(str(pk) for pk in sorted(revealed))})
            return HttpResponseRedirect(f"{self.section_url(self.section)}?{query}")
        if self.return_to_summary:
            return HttpResponseRedirect(self.url("summary"))
        return HttpResponseRedirect(self._after(visible))

    def _after(self, visible) -> str:
        later = [s for s in visible.sections if (s.position, s.pk) > (self.section.position, self.section.pk)]
        return self.section_url(later[0]) if later else self.url("summary")

    def render_section(self, form, visible, status=200, assistance_form=None):
        index = visible.section_index(self.section) or 0
        offers_send = self.offers_send(visible)
        if offers_send and self.asks_for_help():
            assistance_form = assistance_form or AssistanceForm()
        blocks = form.question_blocks(visible.question_ids)
        revealed = set(self.request.GET.get(REVEALED_PARAM, "").split(","))
        for block in blocks:
            block["revealed"] = str(block["question"].pk) in revealed
        error_links = form.error_links(blocks) if form.is_bound else []
        if assistance_form is not None and assistance_form.is_bound and not assistance_form.is_valid():
            field = assistance_form["assisted_by"]
            error_links += [{"href": f"#{field.auto_id}_0", "label": field.label, "error": e} for e in field.errors]
        previous_url = self.section_url(visible.sections[index - 1]) if index > 0 else self.url("start")
        return self.page(
            "section.html",
            status=status,
            section=self.section,
            step=index + 1,
            step_count=len(visible.sections),
            form=form,
            blocks=blocks,
            error_links=error_links,
            previous_url=previous_url,
            action=self.section_url(self.section),
            return_to_summary=self.return_to_summary,
            offers_send=offers_send,
            assistance_form=assistance_form if offers_send else None,
            resume_code=self.store.resume_code,
            resume_url=self._resume_url(),
            resume_mail_url=self.url("resume_mail") if self.real_respondent else None,
            email_form=EmailForm(),
            **self.section_extra(self.section),
        )

    def section_extra(self, section) -> dict:
        """More for the page template (a pilot round adds the comment form)."""
        return {}

    def _resume_url(self):
        if not self.real_respondent or not self.store.in_progress:
            return None
        return self.request.build_absolute_uri(self.url("resume_link", code=self.store.response.resume_code))


class SummaryView(RespondView):
    """Check your answers before sending (overzicht), with a 'wijzigen' link per page; sending happens here."""

    permission = PUBLIC

    def get(self, request, *args, **kwargs):
        if not self.accepting():
            return self.closed_page()
        if self.store.completed:
            return HttpResponseRedirect(self.url("done"))
        return self.render_summary()

    def render_summary(self, status=200, assistance_form=None):
        rows = self.store.rows
        visible = visibility(self.structure, rows, group_id=self.store.group_id)
        sections = []
        for section in visible.sections:
            items = []
            for question in self.structure.questions_of(section):
                if question.pk in visible.question_ids:
                    items.append({"question": question, "lines": answer_display(question, rows.get(question.pk, []))})
            sections.append(
                {"section": section, "items": items, "change_url": self.section_url(section) + "?terug=overzicht"}
            )
        last_url = self.section_url(visible.sections[-1]) if visible.sections else self.url("start")
        return self.page(
            "summary.html",
            status=status,
            sections=sections,
            step_count=len(visible.sections),
            previous_url=last_url,
            action=self.url("summary"),
            resume_code=self.store.resume_code,
            assistance_form=(assistance_form or AssistanceForm()) if self.asks_for_help() else None,
        )

    def post(self, request, *args, **kwargs):
        blocked = self.guard_post()
        if blocked:
            return blocked
        if not self.accepting():
            if self.store.completed:
                return HttpResponseRedirect(self.url("done"))
            if self.store.in_progress:
                Response.objects.filter(pk=self.store.response.pk, status=ResponseStatus.IN_PROGRESS).update(
                    status=ResponseStatus.INCOMPLETE
                )
            return self.closed_page(status=409, kept=self.store.response is not None)
        # Checked without reading the response (sending stays three statements); the service applies the answer
        # only to a response filled in online.
        assistance = AssistanceForm(request.POST)
        if not assistance.is_valid():
            return self.render_summary(status=400, assistance_form=assistance)
        assisted_by = assistance.cleaned_data["assisted_by"]
        try:
            self.store.complete(self.structure, assisted_by=assisted_by)
        except ResponseMissingAnswersError as error:
            messages.error(request, _("Some questions on this page still need an answer."))
            return HttpResponseRedirect(self.section_url(error.section) + "?terug=overzicht")
        except SurveyNotOpenError:
            return self.closed_page(status=409, kept=True)
        except GroupFullError:
            return self.group_full_page(status=409)
        return HttpResponseRedirect(self.url("done"))


class DoneView(RespondView):
    """Thank you (bevestiging): what happens next, and optionally an e-mail address for the terugkoppeling."""

    permission = PUBLIC

    def get(self, request, *args, **kwargs):
        if not self.store.completed:
            return HttpResponseRedirect(self.url("start"))
        return self.render_done(EmailForm())

    def render_done(self, form, status=200, email_saved=False):
        return self.page(
            "done.html",
            status=status,
            form=form,
            email_saved=email_saved or request_flag(self.request, self.survey),
            action=self.url("done"),
            again_url=self.url("start") + ("?opnieuw=1" if self.preview else ""),
        )

    def post(self, request, *args, **kwargs):
        blocked = self.guard_post()
        if blocked:
            return blocked
        if not self.store.completed:
            return HttpResponseRedirect(self.url("start"))
        form = EmailForm(request.POST)
        if not form.is_valid():
            return self.render_done(form, status=400)
        if self.real_respondent:
            terugkoppeling_email_add(survey=self.survey, email=form.cleaned_data["email"])
        redirect = HttpResponseRedirect(self.url("done"))
        # A signed cookie, not the session: a session row's expiry would tell when this address was given.
        redirect.set_signed_cookie(
            _emailed_cookie(self.survey),
            "1",
            salt=_emailed_cookie(self.survey),
            max_age=RESPONSE_COOKIE_MAX_AGE,
            path=self.url("start"),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return redirect


def _emailed_cookie(survey) -> str:
    return f"{RESPONSE_COOKIE_NAME}_{survey.pk}_email"


def request_flag(request, survey) -> bool:
    """Whether this browser left an e-mail address for the survey's terugkoppeling (a signed cookie)."""
    name = _emailed_cookie(survey)
    return request.get_signed_cookie(name, default=None, salt=name, max_age=RESPONSE_COOKIE_MAX_AGE) == "1"


class ResumeView(RespondView):
    """Continue later (verder gaan) with the code from the screen or the e-mail."""

    permission = PUBLIC

    def get(self, request, *args, **kwargs):
        if not self.accepting():
            return self.closed_page()
        code = kwargs.get("code")
        if code:
            if not submit_allowed(request, scope="resume"):
                return self.page("problem.html", status=429, problem="rate")
            return self.resume(code)
        return self.page("resume.html", form=ResumeForm(), action=self.url("resume"))

    def post(self, request, *args, **kwargs):
        blocked = self.guard_post()
        if blocked:
            return blocked
        if not self.accepting():
            return self.closed_page(status=409)
        form = ResumeForm(request.POST)
        if not form.is_valid():
            return self.page("resume.html", status=400, form=form, action=self.url("resume"))
        return self.resume(form.cleaned_data["code"], form=form)

    def resume(self, code, form=None):
        code = code.replace("-", "").upper()
        response = Response.objects.filter(survey_id=self.survey.pk, resume_code=code).first()
        if response is None or response.status != ResponseStatus.IN_PROGRESS:
            if form is None:  # a resume link: show its code in a bound form, so the error can be added to it
                form = ResumeForm({"code": code})
                form.is_valid()
            form.add_error(
                "code", _("We cannot find answers with this code for this survey, or they were already sent.")
            )
            return self.page("resume.html", status=404, form=form, action=self.url("resume"))
        self.store.remember(response)
        if response.current_section_id:
            section = self.structure.section_by_id(response.current_section_id)
            if section is not None:
                return HttpResponseRedirect(self.section_url(section))
        return HttpResponseRedirect(self.url("start"))


class ResumeMailView(RespondView):
    """Send the resume link to an e-mail address the respondent types; the address is not kept."""

    permission = PUBLIC

    def post(self, request, *args, **kwargs):
        blocked = self.guard_post()
        if blocked:
            return blocked
        if not self.accepting():
            return self.closed_page(status=409, kept=self.store.response is not None)
        if not self.store.in_progress:
            return HttpResponseRedirect(self.url("start"))
        if not submit_allowed(request, scope="mail", limit=RESUME_MAIL_RATE_LIMIT):
            return self.page("problem.html", status=429, problem="rate")
        form = EmailForm(request.POST)
        response = self.store.response
        section = self.structure.section_by_id(response.current_section_id) if response.current_section_id else None
        back = self.section_url(section) if section else self.url("start")
        if not form.is_valid():
            return self.page("resume_mail.html", status=400, form=form, action=self.url("resume_mail"), back_url=back)
        link = request.build_absolute_uri(self.url("resume_link", code=response.resume_code))
        response_resume_link_send(response=response, email=form.cleaned_data["email"], resume_url=link)
        messages.success(request, _("We have sent the link to continue to your e-mail address."))
        return HttpResponseRedirect(back)


# Preview (voorbeeld) for officers ---------------------------------------------------------


class LoggedInModeMixin:
    """The resident's pages for a logged-in user about one survey (preview, interview): the survey is the
    permission object, and someone not logged in gets the login page before the survey is looked up."""

    def get_permission_object(self):
        return self.survey

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:  # before the survey is looked up: the login page, not a 404
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class PreviewMixin(LoggedInModeMixin):
    """The same pages for an officer or coordinator of the survey's gemeente; nothing is stored."""

    preview = True

    def get_survey(self) -> Survey:
        try:
            return survey_list_for_preview(user=self.request.user).get(pk=self.kwargs["pk"])
        except Survey.DoesNotExist as error:
            raise Http404 from error


class PreviewStartView(PreviewMixin, StartView):
    permission = can_view_survey


class PreviewSectionView(PreviewMixin, SectionView):
    permission = can_view_survey


class PreviewSummaryView(PreviewMixin, SummaryView):
    permission = can_view_survey


class PreviewDoneView(PreviewMixin, DoneView):
    permission = can_view_survey


# Interviewer mode (straatinterview) -------------------------------------------------------


class InterviewStore(DatabaseStore):
    """Answers of a street interview held on a tablet: a real response, found through the interviewer's
    session (not the respondent cookie) and only for the interviewer who started it.

    Sending ends it: the session then only knows "sent", so nothing of this respondent can be opened or
    continued on the device; "nieuw interview" clears that too.
    """

    def __init__(self, request, survey):
        super().__init__(request, survey)
        self.session_key = interview_session_key(survey)
        self.done_key = f"{self.session_key}.verstuurd"

    def _response_id(self) -> int | None:
        value = self.request.session.get(self.session_key)
        return value if isinstance(value, int) else None

    @cached_property
    def response(self) -> Response | None:
        response_id = self._response_id()
        if not response_id:
            return None
        return Response.objects.filter(
            pk=response_id, survey_id=self.survey.pk, entry__entered_by=self.request.user
        ).first()

    def remember(self, response: Response):
        self.request.session[self.session_key] = response.pk
        self.__dict__["response"] = response

    def forget(self):
        interview_session_clear(self.request, self.survey)
        self.__dict__["response"] = None

    def write_cookie(self, http_response):
        """An interview keeps its reference in the interviewer's session only."""

    @property
    def completed(self) -> bool:
        return bool(self.request.session.get(self.done_key))

    resume_code = None

    def save_page(self, structure, section, page_rows, *, send=False, assisted_by=""):
        # An interview is sent from the overview, checked together with the resident (``offers_send``).
        try:
            response, visible = response_interview_page_save(
                interviewer=self.request.user,
                survey=self.survey,
                response=self.response if self.in_progress else None,
                structure=structure,
                section=section,
                page_rows=page_rows,
                stored=self.rows,
            )
        except IntegrityError as error:
            structure_cache_forget(self.survey.pk)
            raise StructureChangedError from error
        if response is not self.response:
            self.remember(response)
        return visible

    def complete(self, structure, assisted_by=""):
        if self.response is None:
            raise ResponseMissingAnswersError(structure.sections[0]) if structure.sections else SurveyNotOpenError
        response_complete(survey=self.survey, response=self.response, structure=structure)
        # Sent: nothing of this respondent stays reachable from the device, only that it was sent.
        self.request.session.pop(self.session_key, None)
        self.request.session[self.done_key] = True
        self.__dict__["response"] = None


def interview_session_key(survey) -> str:
    return f"surveys.interview.{survey.pk}"


def interview_session_clear(request, survey) -> None:
    """Forget the interview in progress or just sent on this device (the interviewer's session)."""
    key = interview_session_key(survey)
    request.session.pop(key, None)
    request.session.pop(f"{key}.verstuurd", None)


class InterviewMixin(LoggedInModeMixin):
    """The resident's pages in interviewer mode, for an officer, coordinator or data-entry account of the survey.

    The response is marked as a street interview and linked to the interviewer's account (``ResponseEntry``),
    never to the resident; there is no resume code.
    """

    interview = True
    entry_only_allowed = True

    def get_survey(self) -> Survey:
        try:
            return survey_get_for_entry(user=self.request.user, pk=self.kwargs["pk"])
        except Survey.DoesNotExist as error:
            raise Http404 from error

    def make_store(self, request):
        return InterviewStore(request, self.survey)

    def guard_post(self):
        """An interviewer is logged in and sends many interviews from one device: no honeypot or rate limit."""
        return None


class InterviewStartView(InterviewMixin, StartView):
    permission = can_enter_responses


class InterviewSectionView(InterviewMixin, SectionView):
    permission = can_enter_responses


class InterviewSummaryView(InterviewMixin, SummaryView):
    permission = can_enter_responses


class InterviewDoneView(InterviewMixin, DoneView):
    permission = can_enter_responses

    def render_done(self, form, status=200, email_saved=False):
        return self.page("done.html", status=status, form=form, new_interview_url=self.url("new"))

    def post(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.url("new"))


class InterviewNewView(InterviewMixin, RespondView):
    """ "Nieuw interview": a clean start on the device; the previous respondent's interview is forgotten."""

    permission = can_enter_responses

    def get(self, request, *args, **kwargs):
        if not self.accepting():
            return self.closed_page()
        return render(request, "surveys/fieldwork/interview_new.html", self.base_context(action=self.url("new")))

    def post(self, request, *args, **kwargs):
        if not self.accepting():
            return self.closed_page(status=409)
        self.store.forget()
        redirect = HttpResponseRedirect(self.url("start"))
        # Also a resident's own reference on the public link, should the tablet have been used for that.
        public = DatabaseStore(request, self.survey)
        public.cookie_change = ("delete", None)
        public.write_cookie(redirect)
        return redirect


# Pilot round (proefronde) for testers ------------------------------------------------------


class PilotMixin:
    """The same pages through a pilot round's own link: answers are stored marked as pilot, never counted."""

    def get_survey(self) -> Survey:
        try:
            self.pilot = pilot_get_by_token(token=self.kwargs["token"])
        except SurveyPilot.DoesNotExist as error:
            raise Http404 from error
        return self.pilot.survey

    def refuse_tester(self):
        """Not open to the link: log in; another gemeente's visitor gets a 404, another orgaan's member a 403."""
        user = self.request.user
        if can_test_pilot(user, self.pilot):
            return None
        if not user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        if has_role(user, self.survey.gemeente_id):
            raise PermissionDenied
        raise Http404

    def section_extra(self, section) -> dict:
        """The tester's comment form under the page's questions."""
        form = getattr(self, "comment_form", None) or PilotCommentForm(questions=self.structure.questions_of(section))
        return {
            "comment_form": form,
            "comment_action": self.url("comment", section_id=section.pk),
        }


class PilotStartView(PilotMixin, StartView):
    permission = PUBLIC


class PilotSectionView(PilotMixin, SectionView):
    permission = PUBLIC


class PilotSummaryView(PilotMixin, SummaryView):
    permission = PUBLIC


class PilotDoneView(PilotMixin, DoneView):
    permission = PUBLIC


class PilotCommentView(PilotMixin, SectionView):
    """A tester leaves a remark on a question of this page ("suggestief", "te moeilijk")."""

    permission = PUBLIC

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.url("section", section_id=kwargs["section_id"]))

    def post(self, request, *args, **kwargs):
        blocked = self.guard_post()
        if blocked:
            return blocked
        if not self.accepting():
            return self.closed_page(status=409)
        self.setup_section()
        form = PilotCommentForm(request.POST, questions=self.structure.questions_of(self.section))
        if form.is_valid():
            try:
                pilot_comment_add(
                    pilot=self.pilot,
                    question=form.question_by_id[form.cleaned_data["question"]],
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                )
            except SurveyNotOpenError:
                return self.closed_page(status=409)
            messages.success(request, _("Thank you. Your comment has been saved for the makers of the survey."))
            return HttpResponseRedirect(self.section_url(self.section) + "#opmerking")
        self.comment_form = form
        rows = self.store.rows
        visible = visibility(self.structure, rows)
        page = SectionForm(structure=self.structure, section=self.section, stored=rows)
        return self.render_section(page, visible, status=400)
