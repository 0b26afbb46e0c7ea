"""Template helpers of the reception desk: role checks and fast Bootstrap form fields.

`{% field form.name %}` renders a bound field (label, widget, errors, help) as Bootstrap 5
markup in Python. Django's widget templates and crispy-forms cost 10-20 ms per form on these
machines (measured: the candidate filter form took 19 ms), more than the whole page's queries;
the desk pages render several forms per request, so they build the markup directly.
"""

from html import escape

from django import forms, template
from django.forms.utils import flatatt
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from cigem.permissions import user_has_role
from reception.models import (
    CandidateStatus,
    ClosingReason,
    EducationLevel,
    FamilySituation,
    MigrationMotive,
    Profile,
    Sex,
)
from reception.selectors import choice_labels

register = template.Library()


@register.filter
def pathway_links(visit) -> list[tuple[str, str]]:
    """`{% with links=visit|pathway_links %}`: (title, URL) of the pathways a visit discussed."""
    from reception.selectors import pathway_links as links

    return links(visit)


_URL_SHAPES: dict[tuple, tuple[str, str]] = {}
_PK_MARK = 987654321


@register.simple_tag
def pk_url(name: str, pk) -> str:
    """`{% url name pk %}` for a route taking one integer id, reversed once per process.

    The record page links to itself a dozen times (tabs, forms); each `{% url %}` resolves
    the whole URL configuration again, a tenth of the record's rendering.
    """
    key = (name, get_script_prefix(), get_language())
    shape = _URL_SHAPES.get(key)
    if shape is None:
        before, _mark, after = reverse(name, args=[_PK_MARK]).partition(str(_PK_MARK))
        shape = _URL_SHAPES[key] = (before, after)
    return f"{shape[0]}{int(pk)}{shape[1]}"


@register.filter
def has_role(user, role: str) -> bool:
    """`{% if user|has_role:"manager" %}`: shows a manager's actions to managers only."""
    return user_has_role(user, role)


def _attrs(bf, extra_class: str) -> dict:
    attrs = dict(bf.field.widget.attrs)
    attrs["class"] = " ".join(filter(None, [extra_class, attrs.get("class", "")]))
    if bf.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    attrs["name"] = bf.html_name
    attrs["id"] = bf.auto_id
    if bf.help_text or bf.errors:
        attrs["aria-describedby"] = f"{bf.auto_id}_help"
    return attrs


def _selected(value) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, (list, tuple)):
        return {str(v) for v in value}
    return {str(value)}


def _text(value) -> str:
    """`conditional_escape` for the option lists: Django's runs its lazy-aware wrapper on each
    value (a region list is 60 options, two values each); labels here are plain or lazy text."""
    return value if isinstance(value, SafeData) else escape(str(value))


def _options(bf) -> str:
    chosen = _selected(bf.value())
    rows = []
    for value, label in bf.field.choices:
        key = "" if value is None else str(value)
        selected = " selected" if key in chosen else ""
        rows.append(f'<option value="{escape(key)}"{selected}>{_text(label)}</option>')
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def _checkboxes(bf) -> str:
    chosen = _selected(bf.value())
    name = escape(bf.html_name)
    rows = []
    for index, (value, label) in enumerate(bf.field.choices):
        box_id = escape(f"{bf.auto_id}_{index}")
        checked = " checked" if str(value) in chosen else ""
        rows.append(
            f'<div class="form-check"><input class="form-check-input" type="checkbox" '
            f'name="{name}" value="{_text(value)}" id="{box_id}"{checked}>'
            f'<label class="form-check-label" for="{box_id}">{_text(label)}</label></div>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def _widget(bf) -> str:
    widget = bf.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return _checkboxes(bf)
    if isinstance(widget, forms.Select):
        attrs = _attrs(bf, "form-select")
        if isinstance(widget, forms.SelectMultiple):
            attrs["multiple"] = True
        return format_html("<select{}>{}</select>", flatatt(attrs), _options(bf))
    if isinstance(widget, forms.Textarea):
        value = bf.value()
        return format_html(
            "<textarea{}>\n{}</textarea>",
            flatatt(_attrs(bf, "form-control")),
            "" if value is None else value,
        )
    if isinstance(widget, forms.CheckboxInput):
        attrs = _attrs(bf, "form-check-input")
        attrs["type"] = "checkbox"
        if bf.value():
            attrs["checked"] = True
        return format_html("<input{}>", flatatt(attrs))
    attrs = _attrs(bf, "form-control")
    attrs["type"] = widget.input_type
    value = widget.format_value(bf.value())
    if value not in (None, ""):
        attrs["value"] = value
    return format_html("<input{}>", flatatt(attrs))


@register.simple_tag
def field(bf) -> str:
    """Label, widget, errors and help text of one bound field, Bootstrap 5 markup.

    A field of an empty form (nothing posted) is drawn once per language, choices and initial
    value, then read from memory: the record page draws four such forms on every request.
    A form filled from a record or from what someone typed is never kept: personal data does
    not stay in memory.
    """
    if isinstance(bf, str):  # already drawn: a field of `empty_form_markup`
        return bf
    form = bf.form
    if form.is_bound or form.initial or getattr(getattr(form, "instance", None), "pk", None):
        return _field(bf)
    choices = getattr(bf.field, "choices", None)
    key = (
        type(bf.form).__qualname__,
        bf.auto_id,
        get_language(),
        str(bf.label),
        str(bf.help_text),
        repr(bf.value()),
        repr(sorted(bf.field.widget.attrs.items())),
        tuple((value, str(label)) for value, label in choices) if choices is not None else None,
    )
    html = _FIELD_HTML.get(key)
    if html is None:
        if len(_FIELD_HTML) > 1000:  # choice lists change over time: never grow without bound
            _FIELD_HTML.clear()
        html = _FIELD_HTML[key] = _field(bf)
    return html


_FIELD_HTML: dict[tuple, str] = {}


def _field(bf) -> str:
    widget = bf.field.widget
    if widget.is_hidden:
        return bf.as_widget()
    errors = format_html_join("", "<div>{}</div>", ((e,) for e in bf.errors))
    describe = ""
    if bf.errors or bf.help_text:
        describe = format_html(
            '<div id="{}_help" class="{}">{}{}</div>',
            bf.auto_id,
            "invalid-feedback d-block" if bf.errors else "form-text",
            errors,
            "" if bf.errors else bf.help_text,
        )
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return format_html(
            '<fieldset class="mb-3"><legend class="form-label fs-6">{}</legend>'
            '<div class="check-list">{}</div>{}</fieldset>',
            bf.label,
            _widget(bf),
            describe,
        )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3 form-check">{}<label class="form-check-label" for="{}">{}</label>'
            "{}</div>",
            _widget(bf),
            bf.auto_id,
            bf.label,
            describe,
        )
    return format_html(
        '<div class="mb-3"><label class="form-label" for="{}">{}</label>{}{}</div>',
        bf.auto_id,
        bf.label,
        _widget(bf),
        describe,
    )


@register.simple_tag
def fields(form) -> str:
    """Every field of a form, in order, plus its non-field errors."""
    return format_html(
        "{}{}", form_errors(form), format_html_join("", "{}", ((field(bf),) for bf in form))
    )


class DrawnForm(dict):
    """The markup of an empty form's fields by name, usable where the form itself was.

    `{% field form.name %}` returns the markup as it is, `{% fields form %}` draws them all, and
    `{% form_errors form %}` finds none: the record page's templates stay the same whether
    they get a live form (after an error) or this.
    """

    def __iter__(self):
        return iter(self.values())

    def non_field_errors(self):
        return []


_DRAWN: dict[tuple, DrawnForm] = {}


def empty_form_markup(form_class, **kwargs) -> DrawnForm:
    """An empty form drawn once per process, language and current choice lists.

    Building the form (a deep copy of every field and its choices) and keying each field's
    markup cost the record page about 1 ms for its four empty forms. Only the lists that can
    change (callable choices: partners, published pathways) are read to key the markup, so a
    new partner shows within the minute those lists are kept.
    """
    dynamic = tuple(
        tuple(field.choices)
        for field in form_class.base_fields.values()
        if isinstance(getattr(field, "choices", None), CallableChoiceIterator)
    )
    key = (form_class, get_language(), tuple(sorted(kwargs.items())), dynamic)
    drawn = _DRAWN.get(key)
    if drawn is None:
        if len(_DRAWN) > 200:  # choice lists change over time: never grow without bound
            _DRAWN.clear()
        form = form_class(**kwargs)
        drawn = _DRAWN[key] = DrawnForm((bf.name, _field(bf)) for bf in form)
    return drawn


@register.simple_tag
def form_errors(form) -> str:
    return format_html_join(
        "", '<div class="alert alert-danger">{}</div>', ((e,) for e in form.non_field_errors())
    )


# Format characters a short date is made of in the languages the portal serves (fr "d/m/Y",
# en and bm "m/d/Y"): each turned into a plain f-string piece instead of `dateformat.format`,
# which builds a formatter object and resolves the format per call.
_DATE_PARTS = {
    "d": lambda d: f"{d.day:02d}",
    "j": lambda d: str(d.day),
    "m": lambda d: f"{d.month:02d}",
    "n": lambda d: str(d.month),
    "Y": lambda d: f"{d.year:04d}",
    "y": lambda d: f"{d.year % 100:02d}",
}
_DATE_FORMATTERS: dict[str, object] = {}


def short_date_formatter(date_format: str):
    """A function date -> text for this format: fast for digit-only formats, else Django's."""
    formatter = _DATE_FORMATTERS.get(date_format)
    if formatter is None:
        if all(ch in _DATE_PARTS or (not ch.isalpha() and ch != "\\") for ch in date_format):
            parts = [_DATE_PARTS.get(ch, ch) for ch in date_format]

            def formatter(day, parts=parts):
                return "".join(p if isinstance(p, str) else p(day) for p in parts)

        else:

            def formatter(day, date_format=date_format):
                return dateformat.format(day, date_format)

        _DATE_FORMATTERS[date_format] = formatter
    return formatter


@register.simple_tag
def candidate_rows(rows) -> str:
    """The rows of the candidate list, built in Python in one pass.

    The same rows through the template engine cost most of the page (per-variable lookups,
    localisation of every number and date, a display method per choice): see
    docs/apps/reception.md, "Measured". Even `format_html_join` was a third of the page: it
    runs Django's lazy-aware `conditional_escape` on each of 250 cells. The cells here are plain
    strings and numbers from the database, so the standard library's `html.escape` does the
    same escaping for a tenth of the cost.
    """
    profiles = choice_labels(Profile)
    statuses = choice_labels(CandidateStatus)
    base = escape(reverse("reception:candidate-list"))
    short_date = short_date_formatter(get_format("SHORT_DATE_FORMAT"))
    tz = timezone.get_current_timezone()
    erased = f"<em>{escape(_('erased'))}</em>"
    dash = "—"
    dates: dict = {}
    lines = []
    for c in rows:  # named rows of selectors.ROW_FIELDS
        created = c.created_at.astimezone(tz).date()
        shown = dates.get(created)
        if shown is None:
            shown = dates[created] = short_date(created)
        name = erased if c.erased_at else escape(f"{c.last_name.upper()} {c.first_name}")
        lines.append(
            f'<tr><td><a href="{base}{c.pk}/">{escape(c.code)}</a></td><td>{name}</td>'
            f"<td>{c.birth_year or dash}</td>"
            f"<td>{escape(profiles.get(c.profile, c.profile))}</td>"
            f"<td>{escape(c.region_of_origin__name or dash)}</td>"
            f"<td>{escape(statuses.get(c.status, c.status))}</td>"
            f"<td>{escape(c.counsellor__full_name or dash)}</td><td>{shown}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every cell escaped above


def _lines(text) -> str:
    """`|linebreaksbr` of plain text: escaped, each line break a `<br>`."""
    return escape(normalize_newlines(text)).replace("\n", "<br>")


@register.simple_tag
def candidate_identity(candidate) -> str:
    """The "Person" rows of the record page, built in Python.

    Seventeen rows through the template engine were 60 variable lookups, six `get_FOO_display`
    calls (each rebuilding its choices) and as many filters: a third of the record's own
    rendering. The labels are the same translated strings the template used.
    """
    c = candidate
    dash = "—"
    short_date = short_date_formatter(get_format("SHORT_DATE_FORMAT"))

    def label(choices, value):
        return choice_labels(choices).get(value, value)

    def text(value):
        return escape(str(value)) if value not in (None, "") else dash

    status = escape(label(CandidateStatus, c.status))
    if c.closing_reason:
        status += f" · {escape(label(ClosingReason, c.closing_reason))}"
    born = short_date(c.birth_date) if c.birth_date else c.birth_year or dash
    phone = f'<a href="tel:{escape(c.phone)}">{escape(c.phone)}</a>' if c.phone else dash
    origin = escape(str(c.region_of_origin)) if c.region_of_origin_id else dash
    if c.cercle:
        origin += f", {escape(c.cercle)}"
    if c.commune:
        origin += f", {escape(c.commune)}"
    family = text(label(FamilySituation, c.family_situation))
    if c.dependants is not None:
        count = ngettext("%(counter)s dependant", "%(counter)s dependants", c.dependants) % {
            "counter": c.dependants
        }
        family += f" · {escape(count)}"
    destination = text(c.intended_destination)
    if c.migration_motive:
        destination += f" · {escape(label(MigrationMotive, c.migration_motive))}"
    years = dash if c.years_of_experience is None else c.years_of_experience
    rows = (
        (_("Status"), status),
        (_("Profile"), escape(label(Profile, c.profile))),
        (_("Sex"), text(label(Sex, c.sex))),
        (_("Born"), born),
        (_("Phone"), phone),
        (_("Email"), text(c.email)),
        (_("NINA"), text(c.nina)),
        (_("Passport"), text(c.passport_number)),
        (_("Origin"), origin),
        (_("Lives in"), text(c.residence)),
        (_("Education"), text(label(EducationLevel, c.education_level))),
        (pgettext("candidate", "Occupation"), text(c.occupation)),
        (_("Years of experience"), years),
        (_("Skills"), _lines(c.skills) if c.skills else dash),
        (_("Family"), family),
        (_("Destination"), destination),
        (_("Counsellor"), escape(str(c.counsellor)) if c.counsellor_id else dash),
    )
    return mark_safe(  # noqa: S308 - every value escaped above
        "\n      ".join(
            # Labels unescaped, as `{% translate %}` leaves them: they are the project's text.
            f'<dt class="col-5">{name}</dt><dd class="col-7">{value}</dd>'
            for name, value in rows
        )
    )


@register.simple_tag
def record_visits(visits) -> str:
    """The visits of the record page (`selectors.RecordVisit`), one pass in Python."""
    short_date = short_date_formatter(get_format("SHORT_DATE_FORMAT"))
    next_step = pgettext("visit", "Next step")  # the project's text, as `{% translate %}`
    discussed = _("Legal pathways discussed")
    out = []
    for visit in visits:
        notes = f"<br>{_lines(visit.notes)}" if visit.notes else ""
        step = f"<br><em>{next_step}:</em> {escape(visit.next_step)}" if visit.next_step else ""
        links = ""
        if visit.links:
            links = f"<br><em>{discussed}:</em> " + ", ".join(
                f'<a href="{escape(url)}">{escape(text)}</a>' for text, url in visit.links
            )
        out.append(
            f'\n      <li class="list-group-item small"><strong>{short_date(visit.visit_date)}'
            f"</strong> · {escape(visit.channel_label)} · {escape(visit.counsellor or '—')}"
            f"\n        {notes}\n        {step}\n        {links}</li>\n      "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


@register.simple_tag
def record_consents(consents) -> str:
    """The consent lines of the record page, one pass in Python.

    `consents` holds (kind, label, `selectors.RecordConsent` or None) for each kind; the texts
    are the template's own translated strings, and the date is shown in local time as the
    `date` filter shows it.
    """
    short_date = short_date_formatter(get_format("SHORT_DATE_FORMAT"))
    given, withdrawn = escape(_("given")), escape(_("withdrawn"))
    text, not_asked = escape(_("text")), escape(_("not asked yet"))
    out = []
    for _kind, label, consent in consents:
        if consent is None:
            out.append(f"\n      <li>✘ {escape(str(label))} — {not_asked}</li>")
            continue
        when = short_date(timezone.localtime(consent.recorded_at).date())
        out.append(
            f"\n      <li>{'✔' if consent.given else '✘'} {escape(str(label))} — "
            f"{given if consent.given else withdrawn} {when}, "
            f"{escape(consent.recorded_by or '—')} ({text} {escape(consent.text_version)})</li>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


_FILTER_HTML: dict[tuple, str] = {}


@register.simple_tag
def candidate_filter_fields(form) -> str:
    """The candidate list's filter fields, each in its grid column.

    With no filter chosen (the list as it opens, or paged through) the markup is the same for
    everyone who reads the same language and choice lists, so it is kept in memory: rendering
    its eight fields was a fifth of the list page. With filters chosen, each field is kept by
    its value too (a profile, a region, a sort: a short list of possibilities), except the
    search box, which may hold a name or a phone number: personal data is never kept.
    """
    from reception.forms import counsellor_choices, region_choices

    lists = (get_language(), form.is_bound, tuple(region_choices()), tuple(counsellor_choices()))
    if not form.is_bound or not any(form.data.get(name) for name in form.fields):
        html = _FILTER_HTML.get(lists)
        if html is None:
            html = _remember(lists, _filter_cells(field(bf) for bf in form))
        return html
    return _filter_cells(_filter_field(form, bf, lists) for bf in form)


def _filter_cells(cells) -> str:
    return mark_safe(  # noqa: S308 - each cell is markup built by `field`
        "".join(f'<div class="col-6 col-md-3 col-lg">{cell}</div>' for cell in cells)
    )


FREE_TEXT_FILTERS = ("q",)


def _filter_field(form, bf, lists) -> str:
    if bf.name in FREE_TEXT_FILTERS or bf.errors:
        return field(bf)
    key = (*lists, bf.name, tuple(form.data.getlist(bf.name)))
    html = _FILTER_HTML.get(key)
    if html is None:
        html = _remember(key, field(bf))
    return html


def _remember(key, html: str) -> str:
    if len(_FILTER_HTML) > 500:  # new choice lists and dates over time: never grow unbounded
        _FILTER_HTML.clear()
    _FILTER_HTML[key] = html
    return html
