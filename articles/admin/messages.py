"""History messages (修改历史) in the newsroom's words.

Django stores a change message with English labels ("Changed Body", "Added tagged union
body …") and translates them when shown; form labels and the rows' own names have no such
msgids. The newsroom reads Chinese, so its messages are written in the language of the
request that made them: 修改 正文、标题；添加 工会组织 “北京市总工会”.
"""

from django.contrib.admin.utils import _get_changed_field_labels_from_form


def described(obj) -> str:
    """A row as the desk names it: a tag row by its tag, others by their own name."""
    tag = getattr(obj, "tag", None)
    return str(tag if tag is not None else obj)


def change_message(form, formsets, add) -> list[dict]:
    message = [{"added": {}}] if add else []
    if not add and form.changed_data:
        message.append({"changed": {
            "fields": _get_changed_field_labels_from_form(form, form.changed_data)
        }})
    for formset in formsets or []:
        name = str(formset.model._meta.verbose_name)
        message += [{"added": {"name": name, "object": described(o)}} for o in formset.new_objects]
        message += [
            {"changed": {
                "name": name, "object": described(o),
                "fields": _get_changed_field_labels_from_form(formset.forms[0], fields),
            }}
            for o, fields in formset.changed_objects
        ]
        message += [
            {"deleted": {"name": name, "object": described(o)}} for o in formset.deleted_objects
        ]
    return message


class ChineseHistoryMixin:
    """For every newsroom ModelAdmin: its history reads in Chinese."""

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, formsets, add)
