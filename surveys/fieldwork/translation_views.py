"""The builder's translations screen (vertalingen): which languages a survey offers and which texts are
still untranslated, and one page per language to enter them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from ..constants import SurveyLanguageCode, TranslatedKind
from ..languages import survey_language_list, translatable_texts, translation_map
from ..permissions import can_translate_survey, can_view_survey
from .pilot_views import FieldworkSurveyMixin
from .translation_forms import TranslationForm
from .translation_services import survey_language_set, survey_translations_save

FIELD_LABELS = {
    "title": _lazy("title"),
    "introduction": _lazy("introduction"),
    "privacy_text": _lazy("privacy text"),
    "terugkoppeling_text": _lazy("promised feedback"),
    "intro": _lazy("introduction"),
    "text": _lazy("text"),
    "help_text": _lazy("help text"),
    "label": _lazy("label"),
}


class TranslationListView(FieldworkSurveyMixin, View):
    """Per language: offered to residents or not, and how many texts are translated."""

    permission = can_view_survey

    def get(self, request, pk):
        rows = translatable_texts(survey=self.survey)
        offered = survey_language_list(survey=self.survey)
        languages = []
        for code, label in SurveyLanguageCode.choices:
            done = translation_map(survey=self.survey, language=code)
            translated = sum(1 for row in rows if (row["kind"], row["object_id"], row["field"]) in done)
            languages.append(
                {
                    "code": code,
                    "label": label,
                    "offered": code in offered,
                    "translated": translated,
                    "missing": len(rows) - translated,
                    "url": reverse("surveys:translation_edit", args=[self.survey.pk, code]),
                }
            )
        return render(
            request,
            "surveys/fieldwork/translation_list.html",
            {"survey": self.survey, "languages": languages, "total": len(rows)},
        )


class TranslationEditView(FieldworkSurveyMixin, View):
    """Enter the translations of one language; the untranslated texts are marked."""

    permission = can_view_survey

    def setup_language(self):
        language = self.kwargs["language"]
        if language not in SurveyLanguageCode.values:
            raise Http404
        self.language = language
        self.label = SurveyLanguageCode(language).label

    def form(self, data=None):
        form = TranslationForm(
            data,
            rows=translatable_texts(survey=self.survey),
            current=translation_map(survey=self.survey, language=self.language),
        )
        form.initial["offered"] = self.language in survey_language_list(survey=self.survey)
        return form

    def render_page(self, form, status=200):
        rows = form.bound_rows()
        for row in rows:
            row["what"] = f"{TranslatedKind(row['kind']).label} {row['label']} · {FIELD_LABELS[row['field']]}".replace(
                "  ", " "
            )
        return render(
            self.request,
            "surveys/fieldwork/translation_form.html",
            {
                "survey": self.survey,
                "form": form,
                "rows": rows,
                "language": self.language,
                "language_label": self.label,
                "missing": sum(1 for row in rows if not row["translated"]),
                "can_edit": can_translate_survey(self.request.user, self.survey),
            },
            status=status,
        )

    def get(self, request, pk, language):
        self.setup_language()
        return self.render_page(self.form())

    def post(self, request, pk, language):
        self.setup_language()
        if not can_translate_survey(request.user, self.survey):
            raise PermissionDenied
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        count = survey_translations_save(survey=self.survey, language=self.language, texts=form.texts())
        survey_language_set(survey=self.survey, language=self.language, offered=form.cleaned_data["offered"])
        messages.success(
            request, _("The translations have been saved (%(count)d texts translated).") % {"count": count}
        )
        return HttpResponseRedirect(reverse("surveys:translation_edit", args=[self.survey.pk, self.language]))
