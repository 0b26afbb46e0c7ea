"""API of the legal app: public search and reading; the editors' drafts and transitions."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.roles import CONTENT_EDITOR
from cigem.permissions import HasRole
from legal import selectors, services
from legal.caching import cached_api
from legal.content import Localized
from legal.models import CONTENT_MODELS, Destination, Revision
from legal.serializers import (
    DestinationSerializer,
    DraftInputSerializer,
    GuideQuerySerializer,
    LangQuerySerializer,
    ResultSerializer,
    RevisionSerializer,
    SearchQuerySerializer,
    TransitionInputSerializer,
    result_row,
)
from legal.views import PATHWAY_SECTIONS


class PublicRateThrottle(AnonRateThrottle):
    """Anonymous callers of the public legal API (rate: LEGAL_PUBLIC_API_RATE)."""

    scope = "legal_public"


def _country_slug(value: str) -> str:
    if len(value) == 2:
        found = selectors.destination_list_public().filter(country_code__iexact=value).first()
        if found:
            return found.slug
    return value


@cached_api
@extend_schema(parameters=[SearchQuerySerializer], responses=ResultSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def pathway_list(request):
    """Published pathways, the most relevant first when `q` is given."""
    query = SearchQuerySerializer(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    args = query.validated_data

    pathways = selectors.pathway_search(
        q=args["q"],
        country=_country_slug(args["country"]),
        category=args["category"],
        limit=args["limit"],
    )
    rows = [
        result_row(
            p, lang=args["lang"], request=request, country=p.destination.slug, category=p.category
        )
        for p in pathways
    ]
    return Response(rows)


@cached_api
@extend_schema(parameters=[GuideQuerySerializer], responses=ResultSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def guide_list(request):
    """Published guides, the most relevant first when `q` is given (country is always null)."""
    query = GuideQuerySerializer(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    args = query.validated_data

    guides = selectors.guide_search(q=args["q"], limit=args["limit"])
    rows = [
        result_row(g, lang=args["lang"], request=request, country=None, category=g.topic)
        for g in guides
    ]
    return Response(rows)


def _verification(item, request) -> dict:
    return {
        "sources": item.sources,
        "last_verified": item.last_verified_on,
        "last_verified_by": item.last_verified_by,
        "is_stale": item.is_stale,
        "url": request.build_absolute_uri(item.get_absolute_url()),
    }


VERIFICATION_FIELDS = {
    "sources": serializers.ListField(
        child=serializers.DictField(), help_text="Each {name, url, consulted}."
    ),
    "last_verified": serializers.DateField(allow_null=True),
    "last_verified_by": serializers.CharField(),
    "is_stale": serializers.BooleanField(help_text="Past its review date: check with the centre."),
    "url": serializers.URLField(),
}
LOCALIZED_FIELDS = {
    "lang": serializers.CharField(),
    "untranslated": serializers.ListField(
        child=serializers.CharField(), help_text="Fields given in French: missing in `lang`."
    ),
    "fields": serializers.DictField(child=serializers.CharField()),
}

PathwayDetail = inline_serializer(
    "PathwayDetail",
    {
        "slug": serializers.CharField(),
        "country": serializers.CharField(),
        "category": serializers.CharField(),
        **LOCALIZED_FIELDS,
        **VERIFICATION_FIELDS,
    },
)
GuideDetail = inline_serializer(
    "LegalGuideDetail",
    {
        "slug": serializers.CharField(),
        "category": serializers.CharField(help_text="The guide's topic."),
        **LOCALIZED_FIELDS,
        **VERIFICATION_FIELDS,
    },
)
DestinationDetail = inline_serializer(
    "LegalDestinationDetail",
    {
        "slug": serializers.CharField(),
        "country_code": serializers.CharField(),
        **LOCALIZED_FIELDS,
        "official_links": serializers.ListField(child=serializers.DictField()),
        "pathways": ResultSerializer(many=True),
        **VERIFICATION_FIELDS,
    },
)
FaqEntries = inline_serializer(
    "LegalFaqEntry",
    many=True,
    fields={
        "slug": serializers.CharField(),
        "question": serializers.CharField(),
        "answer": serializers.CharField(),
        "lang": serializers.CharField(help_text="fr when this entry lacks the asked language."),
        "last_verified": serializers.DateField(allow_null=True),
        "url": serializers.URLField(),
    },
)


def _lang(request) -> str:
    query = LangQuerySerializer(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    return query.validated_data["lang"] or "fr"


def _localized(item, lang: str, names) -> dict:
    loc = Localized(item, lang)
    fields = {name: getattr(loc, name).text for name in names}
    return {"lang": loc.lang, "untranslated": loc.fallbacks, "fields": fields}


@cached_api
@extend_schema(parameters=[LangQuerySerializer], responses=PathwayDetail)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def pathway_detail(request, slug: str):
    """One published pathway; fields missing in `lang` come in French and are listed."""
    lang = _lang(request)
    pathway = get_object_or_404(selectors.pathway_get_public(), slug=slug)
    names = ["title", "summary", *(name for name, _label in PATHWAY_SECTIONS)]
    return Response(
        {
            "slug": pathway.slug,
            "country": pathway.destination.slug,
            "category": pathway.category,
            **_localized(pathway, lang, names),
            **_verification(pathway, request),
        }
    )


@cached_api
@extend_schema(parameters=[LangQuerySerializer], responses=GuideDetail)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def guide_detail(request, slug: str):
    """One published guide (the text is Markdown-like plain text, as editors write it)."""
    lang = _lang(request)
    guide = get_object_or_404(selectors.guide_get_public(), slug=slug)
    return Response(
        {
            "slug": guide.slug,
            "category": guide.topic,
            **_localized(guide, lang, ["title", "summary", "body"]),
            **_verification(guide, request),
        }
    )


@cached_api
@extend_schema(parameters=[LangQuerySerializer], responses=DestinationSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def destination_list(request):
    """Published destinations, in the centre's order."""
    lang = _lang(request)
    rows = []
    for d in selectors.destination_list_public():
        loc = Localized(d, lang)
        rows.append(
            {
                "slug": d.slug,
                "country_code": d.country_code,
                "name": loc.name.text,
                "summary": loc.summary.text,
                "alerts": loc.alerts.text,
                "last_verified": d.last_verified_on,
                "url": request.build_absolute_uri(d.get_absolute_url()),
            }
        )
    return Response(rows)


@cached_api
@extend_schema(parameters=[LangQuerySerializer], responses=DestinationDetail)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def destination_detail(request, slug: str):
    """One published destination: alerts, contacts, official links and its pathways."""
    lang = _lang(request)
    destination = get_object_or_404(Destination, slug=slug, is_published=True)
    pathways = selectors.pathway_list_public(country=destination.slug).order_by("category", "pk")
    return Response(
        {
            "slug": destination.slug,
            "country_code": destination.country_code,
            **_localized(destination, lang, Destination.translated_fields),
            "official_links": destination.official_links,
            "pathways": [
                result_row(p, lang=lang, request=request, country=slug, category=p.category)
                for p in pathways[: selectors.MAX_RESULTS]
            ],
            **_verification(destination, request),
        }
    )


@cached_api
@extend_schema(parameters=[LangQuerySerializer], responses=FaqEntries)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicRateThrottle])
def faq_list(request):
    """The published FAQ, in the centre's order."""
    lang = _lang(request)
    rows = []
    for entry in selectors.faq_list_public():
        loc = Localized(entry, lang)
        rows.append(
            {
                "slug": entry.slug,
                "question": loc.question.text,
                "answer": loc.answer.text,
                "lang": "fr" if loc.question.is_fallback or loc.answer.is_fallback else loc.lang,
                "last_verified": entry.last_verified_on,
                "url": request.build_absolute_uri(entry.get_absolute_url()),
            }
        )
    return Response(rows)


# --- Editors ----------------------------------------------------------------------------------

EDITOR = [HasRole.of(CONTENT_EDITOR)]


class WorklistSerializer(serializers.Serializer):
    stale = serializers.ListField(child=serializers.CharField())
    untranslated_en = serializers.ListField(child=serializers.CharField())
    untranslated_bm = serializers.ListField(child=serializers.CharField())
    unsourced = serializers.ListField(child=serializers.CharField())


Worklists = inline_serializer(
    "LegalWorklists",
    {kind: WorklistSerializer() for kind in ("destination", "pathway", "guide", "faq")},
)


@extend_schema(responses={200: Worklists})
@api_view(["GET"])
@permission_classes(EDITOR)
def editor_worklist(request):
    """Slugs of what needs an editor, per content type."""
    return Response(
        {
            w.kind: {
                "stale": [i.slug for i in w.stale],
                "untranslated_en": [i.slug for i in w.untranslated_en],
                "untranslated_bm": [i.slug for i in w.untranslated_bm],
                "unsourced": [i.slug for i in w.unsourced],
            }
            for w in selectors.editor_worklists()
        }
    )


@extend_schema(responses=RevisionSerializer(many=True))
@api_view(["GET"])
@permission_classes(EDITOR)
def editor_revision_list(request):
    """Open revisions (drafts and those in review); ?state=draft|in_review."""
    state = request.query_params.get("state") or None
    if state not in (None, "draft", "in_review"):
        return Response({"state": ["draft or in_review"]}, status=status.HTTP_400_BAD_REQUEST)
    revisions = selectors.open_revisions(state)[:200]
    return Response(RevisionSerializer(revisions, many=True).data)


def _errors(error: ValidationError) -> Response:
    body = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(request=DraftInputSerializer, responses={200: RevisionSerializer})
@api_view(["POST"])
@permission_classes(EDITOR)
def editor_draft_save(request, kind: str, slug: str):
    """Create or update the draft of an item (content: field → value, e.g. title_en)."""
    model = CONTENT_MODELS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, slug=slug)
    data = DraftInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    allowed = set(services.content_field_names(model))
    unknown = set(data.validated_data["content"]) - allowed
    if unknown:
        return Response(
            {"content": [f"unknown fields: {', '.join(sorted(unknown))}"]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    try:
        revision = services.revision_save_draft(
            item=item,
            content=data.validated_data["content"],
            user=request.user,
            note=data.validated_data["note"],
        )
    except ValidationError as error:
        return _errors(error)
    return Response(RevisionSerializer(revision).data)


@extend_schema(request=TransitionInputSerializer, responses={200: RevisionSerializer})
@api_view(["POST"])
@permission_classes(EDITOR)
def editor_revision_transition(request, pk: int):
    """Move a revision: draft → in_review → published (or back to draft)."""
    revision = get_object_or_404(Revision, pk=pk)
    data = TransitionInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        revision = services.revision_transition(
            revision=revision,
            to=data.validated_data["to"],
            user=request.user,
            verified=data.validated_data["verified"],
            request=request,
        )
    except ValidationError as error:
        return _errors(error)
    return Response(RevisionSerializer(revision).data)
