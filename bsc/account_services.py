"""Writes on a person's own account: API tokens, e-mail address changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from bsc.i18n import in_language_of

if TYPE_CHECKING:
    from bsc.models import User

EMAIL_CHANGE_SALT = "bsc.email-change"
EMAIL_CHANGE_MAX_AGE = 2 * 24 * 3600


def token_handle(token: Token) -> str:
    """A stable name for a token in URLs and pages that reveals nothing of its key."""
    return salted_hmac("bsc.token-handle", token.key).hexdigest()[:20]


def tokens_of(user: User) -> list[Token]:
    return list(Token.objects.filter(user=user).order_by("-created"))


def token_create(user: User) -> Token:
    """Replace the person's API token (one per person)."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def token_revoke(user: User, handle: str) -> bool:
    """Revoke the person's own token named `handle`; False if they have none by that name
    (another person's token is never found)."""
    for token in Token.objects.filter(user=user):
        if constant_time_compare(token_handle(token), handle):
            token.delete()
            return True
    return False


def credentials_end(user: User) -> int:
    """End every API token of the person, as a password reset ends their sessions: whoever
    learnt the old password may have created a token with it. Returns how many ended."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted


def email_change_request(*, user: User, new_email: str) -> None:
    """Send a signed confirmation link to the new address; nothing changes until it is used.

    The old address is told too, so a person whose session was taken over hears of it.
    """
    from bsc.models import User as UserModel

    new_email = new_email.strip().lower()
    if UserModel.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError({"new_email": _("Another account already uses this e-mail address.")})
    token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        # The old address is part of the link: once the address changed, the link is dead.
        {"user": user.pk, "old": user.email.lower(), "new": new_email}
    )
    url = settings.SITE_URL + reverse("accounts:email-confirm", kwargs={"token": token})
    context = {"user": user, "new_email": new_email, "url": url}
    with in_language_of(user):
        send_mail(
            subject=_("Confirm your new e-mail address"),
            message=render_to_string("accounts/email/email_change_confirm.txt", context),
            from_email=None,
            recipient_list=[new_email],
        )
        send_mail(
            subject=_("Your e-mail address is about to change"),
            message=render_to_string("accounts/email/email_change_notice.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def email_change_confirm(*, user: User, token: str) -> str:
    """Apply the change a confirmation link stands for; returns the new address.

    Raises ValidationError when the link is bad, expired, already used or for someone else.
    """
    from bsc.models import User as UserModel

    try:
        data = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).unsign_object(
            token, max_age=EMAIL_CHANGE_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This confirmation link has expired. Ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This confirmation link is not valid.")) from exc
    if data.get("user") != user.pk or data.get("old") != user.email.lower():
        raise ValidationError(_("This confirmation link is not valid."))
    new_email = data["new"]
    with transaction.atomic():
        if UserModel.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
            raise ValidationError(_("Another account already uses this e-mail address."))
        user.email = new_email
        user.save(update_fields=["email"])
    return new_email
