from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class ClearheadFormRenderer(TemplatesSetting):
    """Render every form field with our markup (templates/forms/field.html)."""

    field_template_name = "forms/field.html"


def form_errors_from(error: ValidationError, form) -> None:
    """Show a service's ValidationError on the form, field by field.

    Errors keyed by one of the form's fields go to that field; the rest
    (unkeyed, or keyed by a name the form does not have) go to the top.
    """
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
