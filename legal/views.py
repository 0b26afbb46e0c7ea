"""Pages of the legal app: public information (no login, no JavaScript) and the editors' desk."""

import difflib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from accounts.roles import CONTENT_EDITOR
from cigem.pagination import page_without_count
from cigem.permissions import role_required
from legal import selectors, services
from legal.caching import cached_fragment, public_page
from legal.content import Localized
from legal.forms import ContentForm, NewItemForm, QuestionnaireForm
from legal.models import (
    CONTENT_MODELS,
    Category,
    Destination,
    Goal,
    Pathway,
    Revision,
    RevisionState,
)
from legal.recommend import recommend

# --- Short links for SMS ----------------------------------------------------------------------

SHORT_MODELS = {model.short_prefix: model for model in CONTENT_MODELS.values()}
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def short_code(item) -> str:
    number, digits = item.pk, ""
    while True:
        number, rest = divmod(number, 36)
        digits = BASE36[rest] + digits
        if not number:
            return f"{item.short_prefix}{digits}"


def short_link(request, code: str):
    model = SHORT_MODELS.get(code[:1])
    try:
        pk = int(code[1:], 36)
    except ValueError:
        raise Http404 from None
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk, is_published=True)
    return redirect(item.get_absolute_url())


# --- Public pages -----------------------------------------------------------------------------


def _public(request, build):
    """A public page from the cache when it can be (legal/caching.py).

    `build()` returns (template, context, title) and runs only on a cache miss, so a cached
    page costs no query at all.
    """
    return public_page(request, build)


def index(request):
    return _public(
        request,
        lambda: (
            "legal/index.html",
            {
                "destinations": selectors.destination_list_public(),
                "goals": [g for g in Goal if g != Goal.OTHER],
                "guides": selectors.guide_list_public(),
            },
            _("Leave legally"),
        ),
    )


def _destination_context(request, destination: Destination) -> dict:
    return {
        "destination": destination,
        "loc": Localized(destination).resolve_all(),
        "page": page_without_count(
            request, selectors.pathway_list_public(country=destination.slug)
        ),
        "short": short_code(destination),
    }


def destination_detail(request, slug: str):
    def build():
        destination = get_object_or_404(Destination, slug=slug, is_published=True)
        context = _destination_context(request, destination)
        return "legal/destination.html", context, context["loc"].name

    return _public(request, build)


def goal_detail(request, goal: str):
    if goal not in Goal.values:
        raise Http404
    return _public(
        request,
        lambda: (
            "legal/goal.html",
            {
                "goal": Goal(goal),
                "page": page_without_count(request, selectors.pathway_list_public(goal=goal)),
            },
            Goal(goal).label,
        ),
    )


PATHWAY_SECTIONS = [
    ("who_for", gettext_lazy("Who it is for")),
    ("conditions", gettext_lazy("Conditions")),
    ("documents", gettext_lazy("Documents")),
    ("steps", gettext_lazy("Steps: who files what, where")),
    ("fees", gettext_lazy("Fees")),
    ("processing_time", gettext_lazy("Processing time")),
    ("validity", gettext_lazy("Validity and renewal")),
    ("rights", gettext_lazy("Rights and obligations")),
    ("pitfalls", gettext_lazy("Common pitfalls and scams")),
]


def _pathway_context(pathway: Pathway) -> dict:
    loc = Localized(pathway)
    sections = [(name, label, getattr(loc, name)) for name, label in PATHWAY_SECTIONS]
    loc.resolve_all()
    return {
        "pathway": pathway,
        "loc": loc,
        "dest": Localized(pathway.destination),
        "sections": sections,
        "short": short_code(pathway),
    }


def pathway_detail(request, slug: str):
    def build():
        pathway = get_object_or_404(selectors.pathway_get_public(), slug=slug)
        context = _pathway_context(pathway)
        return "legal/pathway.html", context, context["loc"].title

    return _public(request, build)


def pathway_sheet(request, slug: str):
    """A standalone page (no site header, so no CSRF token): cached whole."""

    def build():
        pathway = get_object_or_404(selectors.pathway_get_public(), slug=slug)
        context = _pathway_context(pathway)
        return "legal/pathway_sheet.html", context, context["loc"].title

    return HttpResponse(cached_fragment(request, build)["body"])


def guide_list(request):
    return _public(
        request,
        lambda: (
            "legal/guide_list.html",
            {"guides": selectors.guide_list_public()},
            _("Guides"),
        ),
    )


def guide_detail(request, slug: str):
    def build():
        guide = get_object_or_404(selectors.guide_get_public(), slug=slug)
        loc = Localized(guide).resolve_all()
        return (
            "legal/guide.html",
            {"guide": guide, "loc": loc, "short": short_code(guide)},
            loc.title,
        )

    return _public(request, build)


def faq(request):
    return _public(
        request,
        lambda: (
            "legal/faq.html",
            {"entries": selectors.faq_list_public()},
            _("Frequently asked questions"),
        ),
    )


def search_page(request):
    q = request.GET.get("q", "").strip()[:200]
    country = request.GET.get("country", "")
    category = request.GET.get("category", "")

    def build():
        pathways = guides = []
        if q or country or category:
            pathways = selectors.pathway_search(q=q, country=country, category=category, limit=30)
            guides = selectors.guide_search(q=q, limit=10) if q else []
        context = {
            "q": q,
            "country": country,
            "category": category,
            "pathways": pathways,
            "guides": guides,
            "destinations": selectors.destination_list_public(),
            "categories": Category.choices,
            "searched": bool(q or country or category),
        }
        return "legal/search.html", context, pgettext("legal", "Search")

    return _public(request, build)


def questionnaire(request):
    def build():
        destinations = list(selectors.destination_list_public())
        choices = [(d.slug, Localized(d).name) for d in destinations]
        form = QuestionnaireForm(request.GET or None, destinations=choices)
        results = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            results = recommend(
                pathways=list(selectors.pathway_list_public(country=data["country"])),
                goal=data["goal"],
                education=data["education"],
                occupation=data["occupation"],
            )
        context = {"form": form, "results": results}
        return "legal/questionnaire.html", context, _("Which pathway for me?")

    return _public(request, build)


# --- Editors ----------------------------------------------------------------------------------

editor_required = role_required(CONTENT_EDITOR)


def _model(kind: str):
    model = CONTENT_MODELS.get(kind)
    if model is None:
        raise Http404
    return model


def _revision(pk: int) -> Revision:
    return get_object_or_404(
        Revision.objects.select_related("content_type", "created_by", "published_by"), pk=pk
    )


def _item_of(revision: Revision):
    model = revision.content_type.model_class()
    return get_object_or_404(model, pk=revision.object_id), model


def _kind_of(model) -> str:
    return next(kind for kind, m in CONTENT_MODELS.items() if m is model)


@editor_required
def editor_dashboard(request):
    return render(
        request,
        "legal/editor/dashboard.html",
        {
            "in_review": selectors.open_revisions(RevisionState.IN_REVIEW)[:50],
            "drafts": selectors.open_revisions(RevisionState.DRAFT)[:50],
            "worklists": selectors.editor_worklists(),
            "kinds": CONTENT_MODELS,
        },
    )


@editor_required
def editor_item_list(request, kind: str):
    model = _model(kind)
    q = request.GET.get("q", "").strip()
    qs = model.objects.all()
    if q:
        names = [f"{model.translated_fields[0]}_fr", "slug"]
        match = Q()
        for name in names:
            match |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(match)
    if model is Pathway:
        qs = qs.select_related("destination").defer("search_vector", "search_text")
    sort = request.GET.get("sort", "")
    qs = qs.order_by(*EDITOR_SORTS.get(sort, ("slug",)), "pk")
    page = page_without_count(request, qs, per_page=50)
    return render(
        request,
        "legal/editor/item_list.html",
        {
            "kind": kind,
            "model": model,
            "page": page,
            "q": q,
            "sort": sort,
            "kinds": CONTENT_MODELS,
        },
    )


EDITOR_SORTS = {
    "review": ("review_due_on",),
    "updated": ("-updated_at",),
    "title": ("slug",),
}


@editor_required
def editor_item_create(request, kind: str):
    model = _model(kind)
    new_form = NewItemForm(request.POST or None)
    form = ContentForm(request.POST or None, model=model, initial_content={})
    if request.method == "POST" and new_form.is_valid() and form.is_valid():
        try:
            item, _draft = services.item_create(
                model=model,
                slug=new_form.cleaned_data["slug"],
                content=form.content(),
                user=request.user,
            )
        except ValidationError as error:
            _attach(new_form if "slug" in getattr(error, "error_dict", {}) else form, error)
        else:
            messages.success(request, _("Draft saved. It is not public until it is published."))
            return redirect("legal:editor-item", kind=kind, pk=item.pk)
    return render(
        request,
        "legal/editor/item_form.html",
        {"kind": kind, "model": model, "form": form, "new_form": new_form, "item": None},
    )


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@editor_required
def editor_item(request, kind: str, pk: int):
    model = _model(kind)
    item = get_object_or_404(model, pk=pk)
    open_revision = selectors.item_open_revision(item)
    return render(
        request,
        "legal/editor/item.html",
        {
            "kind": kind,
            "item": item,
            "open": open_revision,
            "publish_blocked": settings.LEGAL_FOUR_EYES
            and open_revision is not None
            and open_revision.submitted_by_id == request.user.pk,
            "history": selectors.item_revisions(item).filter(state=RevisionState.PUBLISHED),
            "short": short_code(item),
        },
    )


@editor_required
def editor_item_edit(request, kind: str, pk: int):
    model = _model(kind)
    item = get_object_or_404(model, pk=pk)
    open_revision = selectors.item_open_revision(item)
    if open_revision and open_revision.state == RevisionState.IN_REVIEW:
        messages.error(request, _("This version is in review: send it back to draft first."))
        return redirect("legal:editor-item", kind=kind, pk=pk)
    initial = open_revision.content if open_revision else services.snapshot(item)
    form = ContentForm(request.POST or None, model=model, initial_content=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_save_draft(
                item=item,
                content=form.content(),
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("legal:editor-item", kind=kind, pk=pk)
    return render(
        request,
        "legal/editor/item_form.html",
        {"kind": kind, "model": model, "form": form, "item": item},
    )


@editor_required
@require_POST
def editor_item_unpublish(request, kind: str, pk: int):
    """Take an item off the public pages; its history stays. Needs the confirmation box."""
    item = get_object_or_404(_model(kind), pk=pk)
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm."))
    else:
        services.item_unpublish(item=item, user=request.user, request=request)
        messages.success(request, _("Taken off the public pages."))
    return redirect("legal:editor-item", kind=kind, pk=pk)


TRANSITIONS = {
    "submit": RevisionState.IN_REVIEW,
    "return": RevisionState.DRAFT,
    "publish": RevisionState.PUBLISHED,
}


@editor_required
@require_POST
def editor_revision_action(request, pk: int, action: str):
    revision = _revision(pk)
    item, model = _item_of(revision)
    kind = _kind_of(model)
    try:
        if action in TRANSITIONS:
            services.revision_transition(
                revision=revision,
                to=TRANSITIONS[action],
                user=request.user,
                verified=request.POST.get("verified") == "on",
                request=request,
            )
            messages.success(request, _("Done: %(state)s.") % {"state": TRANSITIONS[action].label})
        elif action == "discard":
            services.revision_discard(revision=revision, user=request.user)
            messages.success(request, _("Draft discarded."))
        elif action == "restore":
            services.revision_restore(revision=revision, user=request.user)
            messages.success(
                request, _("A new draft was made from that version: review it, then publish.")
            )
        else:
            raise Http404
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("legal:editor-item", kind=kind, pk=item.pk)


@editor_required
def editor_revision_preview(request, pk: int):
    """The public page as this version would show it; never cached, nothing public changes."""
    revision = _revision(pk)
    item, model = _item_of(revision)
    kind = _kind_of(model)
    services._apply(item, revision.content)  # an unsaved copy
    context = {"preview": revision, "content_lang": translation.get_language()}
    if model is Pathway:
        item.destination = Destination.objects.get(pk=item.destination_id)
        context.update(_pathway_context(item))
        template, title = "legal/pathway.html", context["loc"].title
    elif model is Destination:
        context.update(_destination_context(request, item))
        template, title = "legal/destination.html", context["loc"].name
    elif kind == "guide":
        loc = Localized(item).resolve_all()
        context.update(guide=item, loc=loc, short=short_code(item))
        template, title = "legal/guide.html", loc.title
    else:
        return redirect("legal:editor-item", kind=kind, pk=item.pk)
    body = render_to_string(template, context, request)
    return render(request, "legal/page.html", {"fragment": {"title": title, "body": body}})


@editor_required
def editor_revision_compare(request, pk: int):
    """Compare a version with another (?with=<id>, default: the one before it)."""
    revision = _revision(pk)
    item, model = _item_of(revision)
    others = selectors.item_revisions(item)
    other_id = request.GET.get("with")
    if other_id and other_id.isdigit():
        other = get_object_or_404(others, pk=int(other_id))
    else:
        other = others.filter(number__lt=revision.number).first()
    changes = []
    if other is not None:
        for name in services.content_field_names(model):
            old, new = str(other.content.get(name, "")), str(revision.content.get(name, ""))
            if old != new:
                diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
                changes.append(
                    {"field": name, "lines": [d for d in diff if not d.startswith("? ")]}
                )
    return render(
        request,
        "legal/editor/compare.html",
        {
            "kind": _kind_of(model),
            "item": item,
            "revision": revision,
            "other": other,
            "others": others,
            "changes": changes,
        },
    )
