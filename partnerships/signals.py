"""Signals of the partnerships app, so that other apps (the editorial audit trail in
``articles``) can react without this app depending on them."""

from django.dispatch import Signal

#: Sent by ``partnerships.services`` after a membership is created, changed, ended or
#: deleted, inside the transaction: ``membership``, ``user``, ``action`` ("create", "edit",
#: "end", "delete") and ``changes`` (a short description of what changed).
membership_changed = Signal()
