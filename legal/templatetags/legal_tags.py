"""Template helpers of the legal pages: plain text with lists, content in the reader's language."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from legal.content import Localized

register = template.Library()


def _numbered(line: str) -> bool:
    first = line.split(" ", 1)[0]
    return len(first) >= 2 and first[-1] in ".)" and first[:-1].isdigit() and " " in line


@register.filter
def rich(text) -> str:
    """Plain text to HTML: '- ' lines become a list, '1. ' lines a numbered list, the rest
    paragraphs. Everything is escaped: editors write text, never HTML."""
    html, kind, items, para = [], None, [], []

    def flush_list():
        nonlocal kind, items
        if kind:
            inner = "".join(f"<li>{escape(i)}</li>" for i in items)
            html.append(f"<{kind}>{inner}</{kind}>")
        kind, items = None, []

    def flush_para():
        nonlocal para
        if para:
            html.append("<p>" + "<br>".join(escape(p) for p in para) + "</p>")
        para = []

    for raw in str(text or "").splitlines():
        line = raw.strip()
        if line.startswith(("- ", "• ")):
            flush_para()
            if kind != "ul":
                flush_list()
                kind = "ul"
            items.append(line[2:])
        elif _numbered(line):
            flush_para()
            if kind != "ol":
                flush_list()
                kind = "ol"
            items.append(line.split(" ", 1)[1] if " " in line else "")
        elif not line:
            flush_list()
            flush_para()
        else:
            flush_list()
            para.append(line)
    flush_list()
    flush_para()
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped


@register.simple_tag(takes_context=True)
def in_language(context, item):
    return Localized(item, context.get("content_lang"))
