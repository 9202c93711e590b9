"""Form widgets rendered by Jinja2 where Django ships a Jinja2 copy of the template.

A story's change form renders about 150 widgets; through Django's template engine they were
over 40 % of the page's time. Django keeps its form and widget templates in both languages
(``django/forms/jinja2``), with the same output. The admin's own widget templates (the
related-object links, the autocomplete select) exist only for Django's engine and still
render there.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(BaseRenderer):
    @cached_property
    def engines(self):
        return Jinja2().engine, DjangoTemplates().engine

    def get_template(self, template_name):
        jinja2, django = self.engines
        try:
            return jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return django.get_template(template_name)
