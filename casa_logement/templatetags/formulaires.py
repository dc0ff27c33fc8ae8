"""{% champ form.field %}: a Bootstrap 5 field with its label, help and errors next to it (RGAA: the error is tied
to the field by aria-describedby and aria-invalid). A group of radios or boxes is a <fieldset> named by its <legend>
(RGAA 11.5): a <label> would point at no single input."""

from django import forms, template

register = template.Library()


@register.inclusion_tag("_champ.html")
def champ(field):
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "me-1"  # each box inline with its label, as Django renders them
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    decrit = []
    if field.help_text:
        decrit.append(f"{field.auto_id}_aide")
    if field.errors:
        decrit.append(f"{field.auto_id}_erreur")
    attrs = {"class": css}
    if decrit:
        attrs["aria-describedby"] = " ".join(decrit)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "case_a_cocher": isinstance(widget, forms.CheckboxInput),
        "groupe": isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect),
        "decrit": " ".join(decrit),
    }
