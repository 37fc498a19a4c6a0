from .exports.resources import ExportResource
from .models import Gemeente


class GemeenteResource(ExportResource):
    """Gemeenten by CBS code (natural key)."""

    verbose_headers = False

    class Meta:
        model = Gemeente
        fields = ("cbs_code", "name", "slug", "feedback_term_days", "escalation_after_days")
        import_id_fields = ("cbs_code",)
        export_order = fields
