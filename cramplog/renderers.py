"""Form rendering: Django's own renderer, with its commonest widget templates in Python.

Each radio button, checkbox, option and input of a form is one render of a tiny
Django template (``input.html`` plus ``attrs.html``). The home page has about 35
of them, and they were three quarters of its render time (``make bench --profile
home``). :class:`FastWidgetRenderer` produces the same markup in plain Python for
those templates, byte for byte (``tests/cramplog/test_renderers.py`` compares it
with the template output for every form of the app), and leaves every other
template, and any project override of these, to the template engine.
"""

import threading
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


def _value(value):
    """``{{ value|stringformat:'s' }}``: str() of it, escaped unless already safe."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, tuple):
        value = str(value)
    return conditional_escape(str(value))


def _text(value):
    """``{{ value }}``: localized, then escaped unless already safe."""
    return conditional_escape(localize(value))


def _attrs(attrs):
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_value(value)}"')
    return "".join(parts)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_value(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _input_option(widget):
    tag = _input(widget)
    if not widget.get("wrap_label"):
        return tag
    label_for = widget["attrs"].get("id")
    label_for = f' for="{_text(label_for)}"' if label_for else ""
    # input.html ends with a newline, which the template keeps inside the label.
    return f"<label{label_for}>{tag}\n {_text(widget['label'])}</label>"


def _select_option(widget):
    return (
        f'<option value="{_value(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>"
    )


def _select(widget):
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None
            out.append(f"\n  {_select_option(option)}\n")  # the file's own newline
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget):
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


FAST = {
    WIDGETS + name: _input
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "datetime.html",
        "time.html",
        "checkbox.html",
        "search.html",
        "tel.html",
        "color.html",
    )
}
FAST.update(
    {
        WIDGETS + "input_option.html": _input_option,
        WIDGETS + "radio_option.html": _input_option,
        WIDGETS + "checkbox_option.html": _input_option,
        WIDGETS + "select_option.html": _select_option,
        WIDGETS + "select.html": _select,
        WIDGETS + "textarea.html": _textarea,
    }
)


class FastWidgetRenderer(DjangoTemplates):
    """DjangoTemplates with the widget templates of ``FAST`` rendered in Python.

    One renderer serves every thread of a process (Django caches it), so the
    table of which templates are Django's own is built once, under a lock, on
    the first render; after that it is only read.
    """

    def __init__(self):
        super().__init__()
        self._fast = None
        self._lock = threading.Lock()

    def _is_djangos(self, template_name):
        """True while Django's own template would be used (not a project override)."""
        try:
            origin = Path(self.get_template(template_name).origin.name)
        except TemplateDoesNotExist:
            return False
        return origin.is_relative_to(DJANGO_TEMPLATES)

    def _fast_table(self):
        if self._fast is None:
            with self._lock:
                if self._fast is None:
                    self._fast = {
                        name: function for name, function in FAST.items() if self._is_djangos(name)
                    }
        return self._fast

    def render(self, template_name, context, request=None):
        function = self._fast_table().get(template_name)
        if function is not None:
            html = function(context["widget"])
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request=request)
