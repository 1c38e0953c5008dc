"""Template helpers of the public site: names in the reader's language, dates of varying
precision, the language switch, page links that keep the facets, and JSON-LD."""

import hashlib
import json
import unicodedata
from urllib.parse import urlencode, urlsplit

from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from partnerships.models import DatePrecision

register = template.Library()

# What Django's json_script escapes, so that text can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _french(aliases_of) -> list:
    """An entity's prefetched aliases (never a query of its own: lists stay constant)."""
    cache = getattr(aliases_of, "_prefetched_objects_cache", {})
    return list(cache.get("aliases", ()))


def _localized(obj, field: str) -> tuple[str, str]:
    """``obj.<field>_fr`` for a French reader when it is filled in, else (an entity's
    name) its French alias, else ``obj.<field>`` (English), with the language of what is
    returned: the one rule of the four filters."""
    if (get_language() or "").startswith("fr"):
        french = getattr(obj, f"{field}_fr", "")
        if french:
            return french, "fr"
        if field == "name":
            names = [a.name for a in _french(obj) if a.language == "fr" and not _acronym(a.name)]
            if names:
                return names[0], "fr"
    return getattr(obj, field), "en"


def _acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return len(letters) <= 6 and letters.isalpha() and sum(c.isupper() for c in letters) >= 2


@register.filter
def local_short_name(entity) -> str:
    """An entity's acronym in the reader's language, from its aliases: "OTAN" on /fr/ for
    NATO, "UE" for the EU; the acronym itself where no French one is recorded."""
    short = entity.short_name
    if not short or not (get_language() or "").startswith("fr"):
        return short
    candidates = [
        a
        for a in _french(entity)
        if _acronym(a.name) and a.language != "en" and a.name.casefold() != short.casefold()
    ]
    candidates.sort(key=lambda a: a.language != "fr")  # a French one first
    return candidates[0].name if candidates else short


@register.filter
def local_name(obj) -> str:
    """A topic's or an entity's name in the reader's language, falling back to English."""
    return _localized(obj, "name")[0]


def sort_key(text: str) -> str:
    """Accents, case and apostrophes ignored: "États-Unis" sorts among the E."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@register.filter
def by_local_name(items) -> list:
    """``items`` (subjects, entities) sorted by their name in the reader's language, accents
    ignored: Arabie saoudite before Russie on /fr/, as Saudi Arabia after Russia on /en/."""
    return sorted(items, key=lambda obj: sort_key(local_name(obj)))


@register.filter
def local_name_lang(obj) -> str:
    """The language of what ``local_name`` shows, for a ``lang`` attribute."""
    return _localized(obj, "name")[1]


@register.filter
def local_description(topic) -> str:
    return _localized(topic, "description")[0]


@register.filter
def local_description_lang(topic) -> str:
    return _localized(topic, "description")[1]


@register.simple_tag
def fuzzy_date(value, precision=DatePrecision.DAY):
    """A date shown only as precisely as its source gives it: a year stays a year."""
    if not value:
        return ""
    if precision == DatePrecision.YEAR:
        text = date_format(value, "Y")
    elif precision == DatePrecision.MONTH:
        text = date_format(value, "YEAR_MONTH_FORMAT")
    else:
        text = date_format(value, "DATE_FORMAT")
    machine = {"year": "Y", "month": "Y-m"}.get(precision, "Y-m-d")
    return format_html('<time datetime="{}">{}</time>', value.strftime(_strftime(machine)), text)


def _strftime(fmt: str) -> str:
    return fmt.replace("Y", "%Y").replace("m", "%m").replace("d", "%d")


@register.inclusion_tag("site/_language_switch.html", takes_context=True)
def language_switch(context):
    """Links to the same page in the other languages (plain links: cacheable, no CSRF)."""
    request = context["request"]
    current = get_language()
    links = []
    for code in ("en", "fr"):
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return {"links": links}


@register.simple_tag
def article_cards(articles):
    """The list items of ``articles``' cards, each rendered once per article version
    (``articles.fragments``) instead of an ``{% include %}`` per row on every request."""
    from articles.fragments import article_cards as cards

    return mark_safe("".join(f"\n  <li>{card}</li>" for card in cards(articles)) + "\n")  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current address with ``param`` set to ``number``, keeping every other GET value."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def facet_url(context, name, value):
    """The current address with facet ``name`` toggled to ``value``; pagination resets.

    A subject's facets list hundreds of choices: the request's parameters are read once per
    request (not copied per link), then each link is one ``urlencode``."""
    request = context["request"]
    params = getattr(request, "_facet_params", None)
    if params is None:
        params = [
            (key, values)
            for key, values in request.GET.lists()
            if key not in ("page", "press_page")
        ]
        request._facet_params = params
    current = next((values for key, values in params if key == name), None)
    remove = value is None or (current is not None and current[-1] == str(value))
    pairs = []
    for key, values in params:
        if key == name:
            if not remove:
                pairs.append((key, str(value)))
            continue
        pairs.extend((key, v) for v in values)
    if current is None and not remove:
        pairs.append((name, str(value)))
    return "?" + urlencode(pairs) if pairs else request.path


@register.simple_tag(takes_context=True)
def facet_list(context, name, title, choices):
    """A facet's heading and choices (what ``_facet.html`` shows), built here: a large
    subject has hundreds of entity choices, and a template loop over them cost more than
    the rest of the page."""
    if not choices:
        return ""
    items = []
    for choice in choices:
        items.append(
            format_html(
                '\n  <li><a href="{}"{}>{}{}</a> <span class="meta">({})</span></li>',
                facet_url(context, name, choice.value),
                mark_safe(' aria-current="true"' if choice.selected else ""),
                "✓ " if choice.selected else "",
                choice.label,
                choice.count,
            )
        )
    return format_html("<h3>{}</h3>\n<ul>{}\n</ul>", title, mark_safe("".join(items)))


#: The facets' links of a page (hundreds of entity choices on a large subject) are kept
#: this long; the facets they show are versioned (``FacetedList.facets_version``).
FACET_LINKS_SECONDS = 600


@register.simple_tag(takes_context=True)
def facet_lists(context, listing):
    """The four facets of ``listing`` (``facet_list``), rendered once per version of its
    facets and per address: formatting a large subject's ~300 entity links was over a third
    of its uncached page (issue 14). The links keep the request's other parameters, so the
    key holds the path and the query string (page numbers aside, which no link keeps)."""
    titles = (("kind", _("Kind")), ("language", _("Language")), ("year", _("Year")))
    titles += (("entity", _("Partnership")),)

    def render():
        return mark_safe(  # noqa: S308 - each part is built by format_html
            "\n    ".join(
                facet_list(context, name, title, listing.facets.get(name)) for name, title in titles
            )
        )

    if not listing.facets_version:
        return render()
    request = context["request"]
    params = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key not in ("page", "press_page")
        for value in values
    )
    raw = repr((listing.facets_version, request.path, params))
    key = "site:facet-links:" + hashlib.sha256(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FACET_LINKS_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered above by format_html


@register.filter
def json_ld(data) -> str:
    """``data`` as a schema.org JSON-LD script element, escaped like Django's json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.filter
def domain(url) -> str:
    """The host of an address, without "www.", to say where a link leads."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


#: Analysis and reference pieces are scholarly; reporting and press items are news.
NEWS_KINDS = {"news", "media_mention", "interview"}


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """schema.org ScholarlyArticle (analysis) or NewsArticle (news, press) as JSON-LD, with
    author and datePublished only when known: a guessed value is worse than none."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    authors = []
    for author in article.ordered_authors:
        authors.append(
            {
                "@type": "Organization" if author.kind == "organisation" else "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if article.kind in NEWS_KINDS else "ScholarlyArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.language,
        "description": article.summary,
        "about": [local_name(topic) for topic in article.topics.all()],
        "dateModified": article.updated_at.isoformat(),
    }
    if authors:
        data["author"] = authors
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher.name}
    if article.source_url:
        data["isBasedOn"] = article.source_url
    return json_ld(data)
