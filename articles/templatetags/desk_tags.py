"""The editors' desk on the admin's home page (``articles.admin.desk``)."""

from django import template

from ..admin.desk import desk_sections

register = template.Library()


@register.inclusion_tag("admin/_desk.html", takes_context=True)
def editors_desk(context):
    return {"sections": desk_sections(context["request"].user)}
