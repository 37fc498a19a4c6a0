"""Pages of the activities app. Objects come from scoped selectors (another gemeente's object is a 404);
every view declares its ``permission`` (participatie.mixins): a role predicate of ``activities.permissions``
or, for one object, an object predicate asked about it (not allowed is a 403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from participatie.exports.formats import FORMATS, XLSX
from participatie.exports.services import export_file_build
from participatie.exports.views import download_response
from participatie.mixins import RoleRequiredMixin

from . import permissions as perms
from . import selectors, services
from .forms import (
    ActivityForm,
    InbrengForm,
    InsightAanvraagForm,
    InsightActionForm,
    InsightForm,
    InterviewForm,
    JourneyForm,
    PeriodForm,
    PopulationForm,
    QuoteForm,
    ReachForm,
    RegisterFilterForm,
    RespondentGroupLinkForm,
    StoryForm,
    StoryTagForm,
    ThemeForm,
)
from .models import PopulationFigure
from .resources import journey_map_datasets, reach_datasets


def add_service_error(form, error: ValidationError):
    """Put a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ActivitiesView(RoleRequiredMixin):
    """Base of the app's pages: bad input is a 400 with the form and its errors, never a 500."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ObjectView(ActivitiesView):
    """A page about one object: ``get_object`` from a scoped selector (404 elsewhere); the view's object
    predicate is asked about it (``get_permission_object``; not allowed is a 403)."""

    def get_object(self):
        raise NotImplementedError

    @cached_property
    def object(self):
        return self.get_object()

    def get_permission_object(self):
        return self.object


class ActivityObjectView(ObjectView):
    def get_object(self):
        return selectors.activity_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "activity": self.object}


def _export_response(request, *, key, title, datasets, gemeente=None, scope=""):
    file_format = request.GET.get("format", XLSX)
    if file_format not in FORMATS:
        return HttpResponseBadRequest(_("Choose Excel or CSV as the file format."))
    export_file = export_file_build(
        user=request.user,
        export_key=key,
        title=title,
        datasets=datasets,
        file_format=file_format,
        gemeente=gemeente,
        scope=scope,
    )
    return download_response(export_file)


# Register ----------------------------------------------------------------------------------------


class RegisterView(ActivitiesView, TemplateView):
    """The activity register: activities, surveys and orgaan meetings of the user's gemeenten, newest first."""

    permission = perms.can_view_any_activities
    template_name = "activities/register.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = RegisterFilterForm(self.request.GET or None, user=user)
        filters = form.cleaned_data if form.is_valid() else {}
        lines = selectors.register_lines(
            user=user,
            gemeente=filters.get("gemeente"),
            kind=filters.get("kind", ""),
            start=filters.get("start"),
            end=filters.get("end"),
        )
        page = Paginator(lines, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            lines=[selectors.RegisterLine(*row) for row in page.object_list],
            query=query.urlencode(),
            can_create=perms.can_edit_any_activities(user),
        )
        return context

    def render_to_response(self, context, **kwargs):
        if context["form"].is_bound and not context["form"].is_valid():
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class ActivityCreateView(ActivitiesView, FormView):
    """Register a new activity (beleidsambtenaren)."""

    permission = perms.can_edit_any_activities
    template_name = "activities/form_page.html"
    form_class = ActivityForm
    heading = _("New activity")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": self.heading}

    def form_valid(self, form):
        try:
            activity = services.activity_save(activity=form.save(commit=False), user=self.request.user)
            form.save_m2m()
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The activity has been saved."))
        return redirect(activity)


class ActivityUpdateView(ActivityObjectView, FormView):
    """Change an activity."""

    permission = staticmethod(perms.can_edit_activity)
    template_name = "activities/form_page.html"
    form_class = ActivityForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Change activity")}

    form_valid = ActivityCreateView.form_valid


class ActivityDetailView(ActivityObjectView, TemplateView):
    """An activity: what it was, its reach per doelgroep, its stories and klantreis, and its inbreng."""

    permission = staticmethod(perms.can_view_activity)
    template_name = "activities/activity_detail.html"

    def get_context_data(self, **kwargs):
        from django.contrib.contenttypes.models import ContentType

        from feedback.models import Inbreng

        context = super().get_context_data(**kwargs)
        activity, user = self.object, self.request.user
        context.update(
            reach=list(activity.reach.all()),
            stories=list(activity.stories.prefetch_related("tags__theme")),
            journeys=list(activity.journeys.all()),
            inbreng=Inbreng.objects.filter(
                source_content_type=ContentType.objects.get_for_model(activity), source_object_id=activity.pk
            ).first(),
            can_edit=perms.can_edit_activity(user, activity),
            can_register_inbreng=perms.can_register_inbreng(user, activity),
        )
        return context


class ReachUpdateView(ActivityObjectView, FormView):
    """Planned and reached participants per doelgroep of one activity."""

    permission = staticmethod(perms.can_edit_activity)
    template_name = "activities/reach_form.html"
    form_class = ReachForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.object}

    def form_valid(self, form):
        services.reach_save(activity=self.object, counts=form.counts())
        messages.success(self.request, _("The reach has been saved."))
        return redirect(self.object)


class InbrengCreateView(ActivityObjectView, FormView):
    """Register a finished activity's inbreng in the feedback register, with its promised feedback date."""

    permission = staticmethod(perms.can_register_inbreng)
    template_name = "activities/form_page.html"
    form_class = InbrengForm

    def get_initial(self):
        return {"summary": self.object.description}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Register the input in the feedback register")}

    def form_valid(self, form):
        try:
            inbreng = services.activity_register_inbreng(
                activity=self.object,
                user=self.request.user,
                promised_on=form.cleaned_data["promised_on"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The input is in the feedback register."))
        return redirect("feedback:inbreng-detail", pk=inbreng.pk)


# Reach -------------------------------------------------------------------------------------------


def _period_form(request, *, with_gemeente=True):
    user = request.user
    data = request.GET.copy()
    start, end = selectors.default_period()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    if with_gemeente and "gemeente" not in data:
        first = selectors.gemeente_list_for_activities(user=user).first()
        if first is not None:
            data["gemeente"] = first.slug
    return PeriodForm(data, user=user, with_gemeente=with_gemeente)


class ReachOverviewView(ActivitiesView, TemplateView):
    """The reach overview of one gemeente over a period: activities, survey respondents and councils together."""

    permission = perms.can_view_any_activities
    template_name = "activities/reach_overview.html"

    def get(self, request, *args, **kwargs):
        form = _period_form(request)
        if not form.is_valid():
            if "gemeente" in form.errors and request.GET.get("gemeente"):
                from django.http import Http404

                raise Http404  # another gemeente's overview: as if it does not exist
            return self.render_to_response({"form": form}, status=400)
        data = form.cleaned_data
        overview = selectors.reach_overview(gemeente=data["gemeente"], start=data["start"], end=data["end"])
        if request.GET.get("format"):
            return _export_response(
                request,
                key="activities.reach",
                title=_("Reach of %(gemeente)s") % {"gemeente": data["gemeente"].name},
                datasets=reach_datasets([overview]),
                gemeente=data["gemeente"],
            )
        context = self.get_context_data(
            form=form,
            overview=overview,
            can_edit_population=perms.can_edit_in(request.user, data["gemeente"]),
        )
        return self.render_to_response(context)


class CoordinatorOverviewView(ActivitiesView, TemplateView):
    """Reach across all the user's gemeenten over a period, with an export."""

    permission = perms.can_view_any_activities
    template_name = "activities/reach_coordinator.html"

    def get(self, request, *args, **kwargs):
        form = _period_form(request, with_gemeente=False)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        data = form.cleaned_data
        gemeenten = list(selectors.gemeente_list_for_activities(user=request.user))
        overviews = selectors.reach_overviews(gemeenten=gemeenten, start=data["start"], end=data["end"])
        ordered = [overviews[g.pk] for g in gemeenten]
        if request.GET.get("format"):
            return _export_response(
                request,
                key="activities.reach-coordinator",
                title=_("Reach across gemeenten"),
                datasets=reach_datasets(ordered),
                scope=", ".join(g.name for g in gemeenten),
            )
        return self.render_to_response(self.get_context_data(form=form, overviews=ordered))


class PopulationUpdateView(ActivitiesView, FormView):
    """A gemeente's population figures per doelgroep."""

    permission = staticmethod(lambda user, gemeente: perms.can_edit_in(user, gemeente))
    template_name = "activities/population_form.html"
    form_class = PopulationForm

    @cached_property
    def gemeente(self):
        # Scoped to the gemeenten the user follows (another gemeente is a 404); editing asks the officer role.
        gemeenten = selectors.gemeente_list_for_activities(user=self.request.user, roles=perms.VIEW_ROLES)
        return get_object_or_404(gemeenten, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.gemeente

    def get_form_kwargs(self):
        figures = {f.target_group: f for f in PopulationFigure.objects.filter(gemeente=self.gemeente)}
        return {**super().get_form_kwargs(), "figures": figures}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "gemeente": self.gemeente}

    def form_valid(self, form):
        try:
            services.population_save(gemeente=self.gemeente, figures=form.figures())
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The population figures have been saved."))
        return redirect(f"{reverse('activities:reach')}?gemeente={self.gemeente.slug}")


class RespondentGroupLinkView(ActivitiesView, FormView):
    """Say which doelgroep each respondent group of a questionnaire stands for."""

    permission = staticmethod(lambda user, survey: perms.can_edit_in(user, survey.gemeente_id))
    template_name = "activities/form_page.html"
    form_class = RespondentGroupLinkForm

    @cached_property
    def survey(self):
        return get_object_or_404(selectors.survey_list_for_linking(user=self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.survey

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "survey": self.survey}

    def get_context_data(self, **kwargs):
        heading = _("Target groups of the respondent groups of %(title)s") % {"title": self.survey.title}
        return {**super().get_context_data(**kwargs), "heading": heading}

    def form_valid(self, form):
        try:
            services.respondent_group_links_save(survey=self.survey, mapping=form.mapping())
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The target groups have been saved."))
        return redirect(f"{reverse('activities:reach')}?gemeente={self.survey.gemeente.slug}")


# Klantreis ---------------------------------------------------------------------------------------


class JourneyObjectView(ObjectView):
    def get_object(self):
        return get_object_or_404(selectors.journey_list_for_user(user=self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "journey": self.object}


class JourneyCreateView(ActivityObjectView, FormView):
    """Start a klantreis for an activity, with the usual phases and aspects filled in."""

    permission = staticmethod(perms.can_edit_activity)
    template_name = "activities/form_page.html"
    form_class = JourneyForm

    def get_initial(self):
        from .constants import DEFAULT_ASPECTS, DEFAULT_PHASES

        return {
            "title": self.object.title,
            "phases": "\n".join(str(p) for p in DEFAULT_PHASES),
            "aspects": "\n".join(str(a) for a in DEFAULT_ASPECTS),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New klantreis")}

    def form_valid(self, form):
        if self.object.gemeente_id is None:
            form.add_error(None, _("A klantreis belongs to one gemeente; this is a regional activity."))
            return self.form_invalid(form)
        journey = services.journey_create(
            gemeente=self.object.gemeente,
            title=form.cleaned_data["title"],
            activity=self.object,
            phases=form.cleaned_data["phases"],
            aspects=form.cleaned_data["aspects"],
        )
        messages.success(self.request, _("The klantreis has been created."))
        return redirect(journey)


class JourneyDesignView(JourneyObjectView, FormView):
    """Change a klantreis design: its phases and aspects."""

    permission = staticmethod(perms.can_edit_journey)
    template_name = "activities/form_page.html"
    form_class = JourneyForm

    def get_initial(self):
        journey = self.object
        return {
            "title": journey.title,
            "phases": "\n".join(p.name for p in journey.phases.all()),
            "aspects": "\n".join(a.name for a in journey.aspects.all()),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Change the klantreis design")}

    def form_valid(self, form):
        try:
            services.journey_design_update(
                journey=self.object,
                title=form.cleaned_data["title"],
                phases=form.cleaned_data["phases"],
                aspects=form.cleaned_data["aspects"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The klantreis design has been saved."))
        return redirect(self.object)


class JourneyMapView(JourneyObjectView, TemplateView):
    """The journey map: phases x aspects as a coloured table with n per cell, and quotes per phase."""

    permission = staticmethod(lambda user, journey: perms.can_view_activities(user, journey.gemeente_id))
    template_name = "activities/journey_map.html"

    def get(self, request, *args, **kwargs):
        journey_map = selectors.journey_map(journey=self.object)
        if request.GET.get("format"):
            return _export_response(
                request,
                key="activities.journey-map",
                title=_("Klantreis %(title)s") % {"title": self.object.title},
                datasets=journey_map_datasets(journey_map),
                gemeente=self.object.gemeente,
            )
        context = self.get_context_data(map=journey_map, can_edit=perms.can_edit_journey(request.user, self.object))
        return self.render_to_response(context)


class InterviewCreateView(JourneyObjectView, FormView):
    """Enter one klantreis interview: a rating per phase x aspect, a quote per phase, consent, pseudonym."""

    permission = staticmethod(perms.can_edit_journey)
    template_name = "activities/interview_form.html"
    form_class = InterviewForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "journey": self.object}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.interview_record(
                journey=self.object,
                user=self.request.user,
                pseudonym=data["pseudonym"],
                interviewer=data["interviewer"],
                interviewed_on=data["interviewed_on"],
                consent=data["consent"],
                ratings=form.ratings(),
                quotes=form.quotes(),
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The interview has been saved."))
        if "another" in self.request.POST:
            return redirect("activities:interview-create", pk=self.object.pk)
        return redirect(self.object)


class QuoteCreateView(JourneyObjectView, FormView):
    """Add or change the quote of one interview about a phase."""

    permission = staticmethod(perms.can_edit_journey)
    template_name = "activities/form_page.html"
    form_class = QuoteForm

    @cached_property
    def interview(self):
        return get_object_or_404(self.object.interviews.all(), pk=self.kwargs["interview_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "journey": self.object}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Quote of %(interview)s") % {"interview": self.interview},
        }

    def form_valid(self, form):
        try:
            services.quote_save(
                interview=self.interview, phase=form.cleaned_data["phase"], text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The quote has been saved."))
        return redirect(self.object)


# Stories -----------------------------------------------------------------------------------------


class StoryObjectView(ObjectView):
    def get_object(self):
        return get_object_or_404(selectors.story_list_for_user(user=self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "story": self.object, "activity": self.object.activity}


class StoryCreateView(ActivityObjectView, FormView):
    """Add a story or interview note to an activity."""

    permission = staticmethod(perms.can_edit_activity)
    template_name = "activities/form_page.html"
    form_class = StoryForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New story")}

    def form_valid(self, form):
        story = form.save(commit=False)
        story.activity = self.object
        try:
            services.story_save(story=story)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The story has been saved."))
        return redirect(story)


class StoryUpdateView(StoryObjectView, FormView):
    """Change a story."""

    permission = staticmethod(perms.can_edit_story)
    template_name = "activities/form_page.html"
    form_class = StoryForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Change story")}

    def form_valid(self, form):
        try:
            services.story_save(story=form.save(commit=False))
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The story has been saved."))
        return redirect(self.object)


class StoryDetailView(StoryObjectView, FormView):
    """A story with its tags; officers tag it (or a passage) with a theme and a direction."""

    permission = staticmethod(lambda user, story: perms.can_view_activity(user, story.activity))
    template_name = "activities/story_detail.html"
    form_class = StoryTagForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "story": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            tags=list(self.object.tags.select_related("theme")),
            can_edit=perms.can_edit_story(self.request.user, self.object),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not perms.can_edit_story(request.user, self.object):
            raise PermissionDenied
        if "remove_tag" in request.POST:
            tag = self.object.tags.filter(pk=request.POST.get("remove_tag")).first()
            if tag is None:
                return HttpResponseBadRequest(_("This tag does not exist (any more)."))
            tag.delete()
            messages.success(request, _("The tag has been removed."))
            return redirect(self.object)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.story_tag_add(story=self.object, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The tag has been added."))
        return redirect(self.object)


# Themes ------------------------------------------------------------------------------------------


class ThemeOverviewView(ActivitiesView, TemplateView):
    """A gemeente's code list with stories per theme and direction, and the tagged passages beside it."""

    permission = perms.can_view_any_activities
    template_name = "activities/theme_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        gemeenten = selectors.gemeente_list_for_activities(user=user)
        slug = self.request.GET.get("gemeente")
        gemeente = get_object_or_404(gemeenten, slug=slug) if slug else gemeenten.first()
        context.update(
            gemeenten=gemeenten,
            gemeente=gemeente,
            lines=selectors.theme_overview(gemeente=gemeente) if gemeente else [],
            can_edit=gemeente is not None and perms.can_edit_in(user, gemeente),
        )
        return context


class ThemeObjectView(ObjectView):
    def get_object(self):
        return get_object_or_404(selectors.theme_list_for_user(user=self.request.user), pk=self.kwargs["pk"])


class ThemeCreateView(ActivitiesView, FormView):
    """Add a theme or value to a gemeente's code list."""

    permission = perms.can_edit_any_activities
    template_name = "activities/form_page.html"
    form_class = ThemeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New theme or value")}

    def form_valid(self, form):
        try:
            theme = services.theme_save(theme=form.save(commit=False))
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The theme has been saved."))
        return redirect(f"{reverse('activities:theme-overview')}?gemeente={theme.gemeente.slug}")


class ThemeUpdateView(ThemeObjectView, ThemeCreateView):
    """Change a theme or value."""

    permission = staticmethod(lambda user, theme: perms.can_edit_in(user, theme.gemeente_id))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Change theme or value")}


class ThemeDeleteView(ThemeObjectView, TemplateView):
    """Delete a theme: first says where it is used and asks to confirm."""

    permission = staticmethod(lambda user, theme: perms.can_edit_in(user, theme.gemeente_id))
    template_name = "activities/theme_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        usage = selectors.theme_usage(theme=self.object)
        context.update(theme=self.object, usage=usage, tag_count=sum(n for _title, n in usage))
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that the theme and its tags are deleted."))
            return self.render_to_response(self.get_context_data(), status=400)
        gemeente = self.object.gemeente
        removed = services.theme_delete(theme=self.object)
        messages.success(request, _("The theme has been deleted, with %(n)s tags.") % {"n": removed})
        return redirect(f"{reverse('activities:theme-overview')}?gemeente={gemeente.slug}")


class ThemeSeedView(ActivitiesView, View):
    """Take over the eight values of good support as an example code list."""

    permission = perms.can_edit_any_activities

    def post(self, request, *args, **kwargs):
        gemeenten = selectors.gemeente_list_for_activities(user=request.user, roles=perms.EDIT_ROLES)
        gemeente = get_object_or_404(gemeenten, slug=request.POST.get("gemeente", ""))
        added = services.themes_seed_example(gemeente=gemeente)
        messages.success(request, _("%(n)s values added to the code list.") % {"n": added})
        return redirect(f"{reverse('activities:theme-overview')}?gemeente={gemeente.slug}")


# Insights ----------------------------------------------------------------------------------------


class InsightObjectView(ObjectView):
    def get_object(self):
        return get_object_or_404(selectors.insight_list_for_user(user=self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "insight": self.object}


class InsightListView(ActivitiesView, TemplateView):
    """The insights of the user's gemeenten."""

    permission = perms.can_view_any_activities
    template_name = "activities/insight_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        insights = selectors.insight_list_for_user(user=self.request.user).prefetch_related("stories")
        context.update(insights=insights[:200], can_create=perms.can_edit_any_activities(self.request.user))
        return context


class InsightCreateView(ActivitiesView, FormView):
    """Record an insight with the stories that support it."""

    permission = perms.can_edit_any_activities
    template_name = "activities/form_page.html"
    form_class = InsightForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        slug = self.request.GET.get("gemeente") or self.request.POST.get("gemeente_slug")
        if slug:
            gemeenten = selectors.gemeente_list_for_activities(user=self.request.user, roles=perms.EDIT_ROLES)
            kwargs["gemeente"] = get_object_or_404(gemeenten, slug=slug)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New insight")}

    def form_valid(self, form):
        insight = services.insight_save(
            insight=form.save(commit=False), stories=form.cleaned_data["stories"], user=self.request.user
        )
        messages.success(self.request, _("The insight has been saved."))
        return redirect(insight)


class InsightDetailView(InsightObjectView, TemplateView):
    """An insight, its supporting stories, and what it became."""

    permission = staticmethod(lambda user, insight: perms.can_view_activities(user, insight.gemeente_id))
    template_name = "activities/insight_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            stories=list(self.object.stories.select_related("activity")),
            can_convert=perms.can_convert_insight(self.request.user, self.object),
        )
        return context


class InsightActionView(InsightObjectView, FormView):
    """Turn an insight into an action on a step of the gemeente's traject."""

    permission = staticmethod(perms.can_convert_insight)
    template_name = "activities/form_page.html"
    form_class = InsightActionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "insight": self.object}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Make the insight an action")}

    def form_valid(self, form):
        try:
            services.insight_to_action(
                insight=self.object,
                step=form.cleaned_data["step"],
                due_date=form.cleaned_data["due_date"],
                user=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The insight is now an action of the traject."))
        return redirect(self.object)


class InsightAanvraagView(InsightObjectView, FormView):
    """Turn an insight into an adviesaanvraag to a council of the gemeente."""

    permission = staticmethod(perms.can_convert_insight)
    template_name = "activities/form_page.html"
    form_class = InsightAanvraagForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "insight": self.object}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Ask a council for advice on the insight")}

    def form_valid(self, form):
        try:
            services.insight_to_adviesaanvraag(insight=self.object, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The request for advice has been sent."))
        return redirect(self.object)
