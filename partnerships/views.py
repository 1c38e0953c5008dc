"""Public partnership pages: entities, their members and the sources of each fact."""

from django.shortcuts import get_object_or_404, render

from .models import Entity, Membership


def entity_list(request):
    return render(request, "partnerships/entity_list.html", {"entities": Entity.objects.all()})


def entity_detail(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    members = Membership.objects.filter(group=entity).with_related()
    belongs_to = Membership.objects.filter(member=entity).with_related()
    return render(
        request,
        "partnerships/entity_detail.html",
        {"entity": entity, "members": members, "belongs_to": belongs_to},
    )
