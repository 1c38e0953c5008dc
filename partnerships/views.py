"""Public partnership pages: entities by kind; an entity's members and partners, what it
belongs to, the source of each fact, its milestones, the published articles about it, and
the same facts as SVG pictures."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from articles.caching import cache_public_page
from articles.selectors import paginate, published_articles
from articles.templatetags.site_tags import local_name

from . import charts
from .models import Entity, Membership


@cache_public_page
def entity_list(request):
    entities = Entity.objects.annotate(
        member_count=Count("members", distinct=True),
        article_count=Count(
            "articles", filter=Q(articles__in=published_articles().values("pk")), distinct=True
        ),
    ).order_by("kind", "name")
    groups = {}
    for entity in entities:
        groups.setdefault(entity.kind, []).append(entity)
    labels = dict(Entity.Kind.choices)
    by_kind = [
        {"kind": kind, "label": labels[kind], "entities": groups[kind]}
        for kind in Entity.Kind.values
        if kind in groups
    ]
    return render(request, "partnerships/entity_list.html", {"by_kind": by_kind})


@cache_public_page
def entity_detail(request, slug):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    members = list(
        Membership.objects.filter(group=entity).with_related().order_by("member__name", "since")
    )
    belongs_to = list(
        Membership.objects.filter(member=entity).with_related().order_by("group__name", "since")
    )
    milestones = list(entity.milestones.select_related("source").order_by("date"))
    articles = entity.articles.published().with_related().newest_first()
    context = {
        "entity": entity,
        "members": members,
        "belongs_to": belongs_to,
        "milestones": milestones,
        "page": paginate(articles, request.GET.get("page")),
        "timeline": charts.timeline(
            belongs_to + members,
            milestones,
            lambda m: local_name(m.group if m.member_id == entity.pk else m.member),
        ),
        "diagram": charts.membership_diagram(entity, belongs_to, members),
    }
    return render(request, "partnerships/entity_detail.html", context)
