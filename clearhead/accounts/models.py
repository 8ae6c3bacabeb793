import hashlib

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearhead.core import clock
from clearhead.core.models import PublicIdModel


def normalize_email(email: str) -> str:
    """Return the address as it is stored: trimmed and lower-case throughout."""
    return (email or "").strip().lower()


def hash_secret(raw: str) -> str:
    """Return the SHA-256 hex digest under which a random secret is stored.

    Tokens and invitation codes are 256-bit random values, so a fast hash is
    enough: no one can guess them, and a stolen table reveals none of them.
    """
    return hashlib.sha256(raw.encode()).hexdigest()


class Role(models.TextChoices):
    PATIENT = "patient", _("Person in recovery")
    CLINICIAN = "clinician", _("Clinician")
    SUPPORTER = "supporter", _("Family member or friend")
    ADMIN = "admin", _("Administrator")


# Clinicians and administrators see many people's records: they need two-step
# sign-in (when the deployment asks) and are signed out when idle.
STAFF_ROLES = frozenset({Role.CLINICIAN, Role.ADMIN})
# Everyone else signs themselves up; staff are invited.
SELF_REGISTRATION_ROLES = frozenset({Role.PATIENT, Role.SUPPORTER})


def may_register_itself(role: str) -> bool:
    """Whether someone may sign themselves up with this role."""
    return role in SELF_REGISTRATION_ROLES


def is_supporter_role(role: str | None) -> bool:
    """Whether `role` (a form's answer, say) is the supporter's."""
    return role == Role.SUPPORTER


def switched_role(role: str | None) -> str | None:
    """The other role a person may choose themselves (patient <-> supporter).

    None for a clinician's or an administrator's role: those are given by
    invitation and never switched by their owner.
    """
    return {Role.PATIENT: Role.SUPPORTER, Role.SUPPORTER: Role.PATIENT}.get(role)


def is_role_switch(current: str, wanted: str) -> bool:
    """Whether `wanted` is the other self-chosen role of `current`."""
    return wanted is not None and wanted == switched_role(current)


def is_same_role(current: str, wanted: str) -> bool:
    """Whether `wanted` is `current` (a switch sent twice asks for no change)."""
    return current == wanted


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        """Find the account for a sign-in whatever the case of the address."""
        return self.get(email=normalize_email(username))

    def create_user(self, email, password=None, **fields):
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(PublicIdModel, AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a person in recovery, a clinician, a supporter or an
    administrator. The role decides which parts of Clearhead they reach; a
    person who needs two roles has two accounts, so that a clinician's own
    recovery never mixes with their caseload.
    """

    # Stored lower-case (see save()), so uniqueness ignores case.
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name to show"),
        max_length=80,
        blank=True,
        help_text=_("What Clearhead calls you. A first name or nickname is fine."),
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PATIENT)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=clock.now)
    # The IANA zone the person chose for their "today"; blank until they
    # choose (care.time_zones then uses their program's, else the region's).
    time_zone = models.CharField(max_length=64, blank=True)
    # Part of every session's check: raising it ends all other sessions.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_session_auth_hash(self) -> str:
        """Sessions carry this hash; it changes with the password or the epoch."""
        return salted_hmac(
            "clearhead.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    # The one definition of each role check. Everything else (care.policy,
    # which adds "signed in and active", templates, services) calls these;
    # clearhead/core/tests/test_roles.py keeps role comparisons here.

    @property
    def is_staff(self) -> bool:
        """Only administrators reach the Django admin site."""
        return self.is_admin

    @property
    def has_staff_role(self) -> bool:
        """A clinician or an administrator (`STAFF_ROLES`)."""
        return self.role in STAFF_ROLES

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN

    @property
    def is_supporter(self) -> bool:
        return self.role == Role.SUPPORTER

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class ApiToken(PublicIdModel):
    """A personal token for the JSON API, sent as `Authorization: Bearer …`.

    Only the SHA-256 of the token is stored; its owner sees the token once,
    when it is made. `prefix` (the first characters) lets them tell tokens
    apart in settings without the rest.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Every token expires (90 days unless made shorter). Null only for rows
    # older than the column that the migration could not date: never valid.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at is not None
            and self.expires_at > clock.now()
        )


class Invitation(PublicIdModel):
    """A one-time link to create an account with a role set by someone else.

    Administrators invite clinicians and other administrators this way; the
    operator's `create-user` sends one when no password is given; and the
    first run of a new deployment prints one, with no e-mail address, to
    create the first administrator. Only the hash of the code is stored.
    """

    email = models.EmailField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        if self.email:
            return gettext("Invitation for %(email)s") % {"email": self.email}
        return gettext("Invitation for the first administrator")

    def is_usable(self, now=None) -> bool:
        now = now or clock.now()
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > now
        )
