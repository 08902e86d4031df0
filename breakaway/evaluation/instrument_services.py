"""A client's own instruments (licensed questionnaires it loads as JSON): made, changed as new
versions, read only by that client's administrators, and added by the provider's
administrators to that client's engagements' questionnaires.

Reads that take the user live here too, beside the writes they guard (a small area).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.roles import standing
from breakaway.core.audit import audit_log
from breakaway.evaluation.instruments import parse_instrument
from breakaway.evaluation.models import Instrument, InstrumentVersion, Questionnaire

# Reads ---------------------------------------------------------------------------------------


def instrument_owner_for_user(*, user: Any) -> Organisation:
    """The client whose instruments the user manages: the one they administer; 404 if none."""
    who = standing(user)
    membership = next((m for m in who.memberships if m.role == Role.CLIENT_ADMIN), None)
    if membership is None:
        raise Http404("No client to load instruments for.")
    return membership.organisation


def instrument_list_for_user(*, user: Any) -> QuerySet[Instrument]:
    """The user's client's own instruments (never another client's, nor ours)."""
    owner = instrument_owner_for_user(user=user)
    return Instrument.objects.filter(owner=owner).prefetch_related("versions")


def instrument_get_for_user(*, user: Any, pk: int) -> Instrument:
    """One of the user's client's own instruments; 404 for any other."""
    instrument = instrument_list_for_user(user=user).filter(pk=pk).first()
    if instrument is None:
        raise Http404("No such instrument.")
    return instrument


def client_versions_for(*, organisation: Organisation) -> QuerySet[InstrumentVersion]:
    """The current version of each of the client's own instruments."""
    latest = [
        instrument.versions.order_by("-number").values_list("pk", flat=True)[0]
        for instrument in Instrument.objects.filter(owner=organisation)
        if instrument.versions.exists()
    ]
    return InstrumentVersion.objects.filter(pk__in=latest).select_related("instrument")


# Writes --------------------------------------------------------------------------------------


@transaction.atomic
def instrument_create(
    *, owner: Organisation, definition: dict[str, Any], licence_reference: str, created_by: Any
) -> Instrument:
    """A client's own instrument, version 1. Its JSON id is its key within the client."""
    parsed = parse_instrument(definition)
    key = slugify(parsed.id)[:80] or "instrument"
    if Instrument.objects.filter(owner=owner, key=key).exists():
        raise ValidationError(
            _("You already have an instrument with the id %(id)s: change that one instead.")
            % {"id": parsed.id}
        )
    try:
        with transaction.atomic():
            instrument = Instrument.objects.create(
                key=key, name=parsed.name, owner=owner, licence_reference=licence_reference
            )
    except IntegrityError as error:
        raise ValidationError(_("That instrument was just added.")) from error
    InstrumentVersion.objects.create(
        instrument=instrument, number=1, definition=definition, created_by=created_by
    )
    audit_log(
        actor=created_by,
        action="instrument.create",
        obj=instrument,
        organisation=owner,
        after={"key": key, "name": parsed.name, "licence_reference": licence_reference},
    )
    return instrument


@transaction.atomic
def instrument_version_add(
    *,
    instrument: Instrument,
    definition: dict[str, Any],
    licence_reference: str,
    created_by: Any,
) -> InstrumentVersion:
    """A change to a client's instrument is a new version: answers already given keep theirs.
    The same definition again adds nothing."""
    parsed = parse_instrument(definition)
    instrument = Instrument.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    latest = instrument.versions.order_by("-number").first()
    before = {"name": instrument.name, "licence_reference": instrument.licence_reference}
    instrument.name = parsed.name
    instrument.licence_reference = licence_reference
    instrument.save(update_fields=["name", "licence_reference"])
    if latest is not None and latest.definition == definition:
        return latest
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=(latest.number + 1) if latest else 1,
        definition=definition,
        created_by=created_by,
    )
    audit_log(
        actor=created_by,
        action="instrument.version_add",
        obj=instrument,
        organisation=instrument.owner,
        before=before,
        after={
            "name": instrument.name,
            "licence_reference": licence_reference,
            "version": version.number,
        },
    )
    return version


@transaction.atomic
def questionnaire_instrument_attach(
    *, questionnaire: Questionnaire, version: InstrumentVersion, attached_by: Any
) -> None:
    """Ask a client's own instrument in one of that client's questionnaires (idempotent)."""
    owner_id = version.instrument.owner_id
    if owner_id is None or owner_id != questionnaire.engagement.organisation_id:
        raise ValidationError(_("Only the client's own instruments can be added here."))
    if questionnaire.instruments.filter(pk=version.pk).exists():
        return
    questionnaire.instruments.add(version)
    audit_log(
        actor=attached_by,
        action="questionnaire.instrument_attach",
        obj=questionnaire,
        organisation=questionnaire.engagement.organisation,
        after={"instrument_version": version.pk, "phase": questionnaire.phase},
    )
