"""Serializers of the legal API: small, one per operation, content in the asked language."""

from rest_framework import serializers

from legal.content import Localized
from legal.models import LANGS, Category, RevisionState


class StrictChoiceField(serializers.ChoiceField):
    """A choice that refuses "?lang=" (DRF would quietly use the default), as the schema says."""

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        if value is serializers.empty and dictionary.get(self.field_name) == "":
            return ""
        return value


class LangQuerySerializer(serializers.Serializer):
    lang = StrictChoiceField(
        choices=LANGS,
        required=False,
        default="fr",
        help_text="Language of the text (fallback French).",
    )


class GuideQuerySerializer(LangQuerySerializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default="", help_text="Words to search."
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)


class SearchQuerySerializer(GuideQuerySerializer):
    country = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        default="",
        help_text="Destination slug or ISO code.",
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )


class ResultSerializer(serializers.Serializer):
    """One search result: the contract of /api/v1/legal/pathways/ and /guides/."""

    slug = serializers.CharField()
    title = serializers.CharField()
    country = serializers.CharField(allow_null=True, help_text="Destination slug (pathways).")
    category = serializers.CharField(help_text="Pathway category, or guide topic.")
    summary = serializers.CharField()
    last_verified = serializers.DateField(allow_null=True)
    url = serializers.URLField()


def result_row(item, *, lang: str, request, country: str | None, category: str) -> dict:
    loc = Localized(item, lang)
    return {
        "slug": item.slug,
        "title": loc.title.text,
        "country": country,
        "category": category,
        "summary": loc.summary.text,
        "last_verified": item.last_verified_on,
        "url": request.build_absolute_uri(item.get_absolute_url()),
    }


class DestinationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    country_code = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    alerts = serializers.CharField()
    last_verified = serializers.DateField(allow_null=True)
    url = serializers.URLField()


class TextSerializer(serializers.Serializer):
    text = serializers.CharField()
    lang = serializers.CharField()
    is_fallback = serializers.BooleanField()


class DraftInputSerializer(serializers.Serializer):
    content = serializers.DictField(help_text="Field name → value, as in a revision's content.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class RevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_type = serializers.CharField(source="content_type.model")
    object_id = serializers.IntegerField()
    number = serializers.IntegerField()
    state = serializers.CharField(help_text="draft, in_review or published")
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)


class TransitionInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=RevisionState.choices)
    verified = serializers.BooleanField(required=False, default=False)
