from django.forms.renderers import TemplatesSetting


class ClearheadFormRenderer(TemplatesSetting):
    """Render every form field with our markup (templates/forms/field.html)."""

    field_template_name = "forms/field.html"
