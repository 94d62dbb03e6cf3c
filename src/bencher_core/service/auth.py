"""Users, organizations, roles and API tokens; who may read and write which project.

Tokens are random strings (``bencher_…``) shown once; the store keeps only their SHA-256.
A token is bound to a user; a user holds roles (``member`` or ``leader``) in organizations;
an ``admin`` user may do anything. The rules the server applies to every project route:

* anyone (anonymous included) may read a **public** project;
* a **private** project is visible only to admins and to users with a role in its
  organization — to everyone else it does not exist (``NotFoundError``);
* writing needs a token whose user is an admin or has a role in the project's organization.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bencher_core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDenied
from bencher_core.models._names import check_resource_name, is_uuid
from bencher_core.service.clock import now_us
from bencher_core.service.projects import Caller, ProjectRow
from bencher_core.service.resources import unique_slug
from bencher_core.store.db import Database

__all__ = [
    "ADMIN_USER",
    "DEFAULT_ORG",
    "ROLES",
    "AuthenticationError",
    "OrgRow",
    "Principal",
    "TokenRow",
    "UserRow",
    "authenticate",
    "bootstrap_admin",
    "caller_for",
    "can_read",
    "can_write",
    "create_token",
    "ensure_organization",
    "ensure_user",
    "find_organization",
    "hash_token",
    "list_tokens",
    "new_token_value",
    "revoke_token",
    "set_role",
]

ROLES = ("member", "leader")
ADMIN_USER = "admin"
DEFAULT_ORG = "default"
TOKEN_PREFIX = "bencher_"  # noqa: S105 - a prefix, not a secret


class AuthenticationError(PermissionDenied):
    """The request carried a token that is unknown, revoked or expired (HTTP 401)."""


@dataclass(frozen=True)
class UserRow:
    """A user: id, uuid, name, slug and whether it is an admin."""

    id: int
    uuid: str
    name: str
    slug: str
    admin: bool


@dataclass(frozen=True)
class OrgRow:
    """An organization: id, uuid, name, slug."""

    id: int
    uuid: str
    name: str
    slug: str


@dataclass(frozen=True)
class TokenRow:
    """A stored token (its value is never stored, only its hash)."""

    id: int
    uuid: str
    user: str
    name: str
    created: int
    expiration: int | None
    revoked: int | None


@dataclass(frozen=True)
class Principal:
    """An authenticated user with their roles: organization id -> role."""

    user: UserRow
    roles: Mapping[int, str] = field(default_factory=dict)

    @property
    def admin(self) -> bool:
        return self.user.admin

    def role_in(self, organization_id: int) -> str | None:
        return self.roles.get(organization_id)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest a token is stored as."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token_value() -> str:
    """A fresh random token: ``bencher_`` + 43 URL-safe characters (256 bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


# -- access rules ------------------------------------------------------------------------------
def can_read(principal: Principal | None, project: ProjectRow) -> bool:
    """Public projects are readable by anyone; private ones by admins and their organization."""
    if project.visibility == "public":
        return True
    return principal is not None and (
        principal.admin or principal.role_in(project.organization_id) is not None
    )


def can_write(principal: Principal | None, project: ProjectRow) -> bool:
    """Writes need an admin or a role in the project's organization."""
    return principal is not None and (
        principal.admin or principal.role_in(project.organization_id) is not None
    )


def caller_for(db: Database, principal: Principal) -> Caller:
    """The ingest Caller for a principal: new projects go to its first organization."""
    org = min(principal.roles) if principal.roles else None
    if org is None and principal.admin:
        org = ensure_organization(db, DEFAULT_ORG).id
    if org is None:
        raise PermissionDenied(
            f"user {principal.user.name!r} has no organization to create projects in"
        )
    return Caller(user_id=principal.user.id, organization_id=org, admin=principal.admin)


# -- lookups -----------------------------------------------------------------------------------
def _user(r: tuple[Any, ...]) -> UserRow:
    return UserRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]))


def _org(r: tuple[Any, ...]) -> OrgRow:
    return OrgRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]))


def find_user(db: Database, ident: str) -> UserRow | None:
    """A user by UUID, slug or name."""
    col = "uuid" if is_uuid(ident) else "slug"
    r = db.fetchone(
        f'SELECT id, uuid, name, slug, admin FROM "user" WHERE {col} = ?',
        (ident.lower() if col == "uuid" else ident,),
    )
    if r is None:
        r = db.fetchone(
            'SELECT id, uuid, name, slug, admin FROM "user" WHERE name = ? ORDER BY id LIMIT 1',
            (ident,),
        )
    return _user(r) if r else None


def find_organization(db: Database, ident: str) -> OrgRow | None:
    """An organization by UUID, slug or name."""
    col = "uuid" if is_uuid(ident) else "slug"
    r = db.fetchone(
        f"SELECT id, uuid, name, slug FROM organization WHERE {col} = ?",
        (ident.lower() if col == "uuid" else ident,),
    )
    if r is None:
        r = db.fetchone(
            "SELECT id, uuid, name, slug FROM organization WHERE name = ? ORDER BY id LIMIT 1",
            (ident,),
        )
    return _org(r) if r else None


def _checked_name(name: str, what: str) -> str:
    try:
        return check_resource_name(name, what=what)
    except ValueError as e:
        raise InvalidInputError(str(e)) from e


def ensure_user(db: Database, name: str, *, admin: bool | None = None) -> UserRow:
    """The user ``name`` (created if missing); ``admin`` set when given."""
    name = _checked_name(name, "user name")
    found = find_user(db, name)
    if found is None:
        taken = {str(r[0]) for r in db.fetchall('SELECT slug FROM "user"')}
        db.execute(
            'INSERT INTO "user" (uuid, name, slug, email, admin, created) '
            "VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING",
            (
                str(uuid.uuid4()),
                name,
                unique_slug(name, taken, fallback="user"),
                bool(admin),
                now_us(),
            ),
        )
        found = find_user(db, name)
        if found is None:  # pragma: no cover - concurrent slug theft
            raise ConflictError(f"could not create user {name!r}")
    if admin is not None and found.admin != admin:
        db.execute('UPDATE "user" SET admin = ? WHERE id = ?', (admin, found.id))
        found = UserRow(found.id, found.uuid, found.name, found.slug, admin)
    return found


def ensure_organization(db: Database, name: str) -> OrgRow:
    """The organization ``name`` (created if missing)."""
    name = _checked_name(name, "organization name")
    found = find_organization(db, name)
    if found is not None:
        return found
    taken = {str(r[0]) for r in db.fetchall("SELECT slug FROM organization")}
    db.execute(
        "INSERT INTO organization (uuid, name, slug, created) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        (str(uuid.uuid4()), name, unique_slug(name, taken, fallback="organization"), now_us()),
    )
    found = find_organization(db, name)
    if found is None:  # pragma: no cover - concurrent slug theft
        raise ConflictError(f"could not create organization {name!r}")
    return found


def set_role(db: Database, organization_id: int, user_id: int, role: str | None) -> None:
    """Give ``user_id`` a role in the organization (``None`` removes it)."""
    if role is not None and role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    db.execute(
        "DELETE FROM organization_role WHERE organization_id = ? AND user_id = ?",
        (organization_id, user_id),
    )
    if role is not None:
        db.execute(
            "INSERT INTO organization_role (organization_id, user_id, role, created) "
            "VALUES (?, ?, ?, ?)",
            (organization_id, user_id, role, now_us()),
        )


def roles_of(db: Database, user_id: int) -> dict[int, str]:
    """organization id -> role of a user."""
    rows = db.fetchall(
        "SELECT organization_id, role FROM organization_role WHERE user_id = ?", (user_id,)
    )
    return {int(o): str(r) for o, r in rows}


# -- tokens ------------------------------------------------------------------------------------
def authenticate(db: Database, token: str) -> Principal:
    """The principal a token stands for.

    Raises:
        AuthenticationError: the token is unknown, revoked or expired.
    """
    r = db.fetchone(
        "SELECT u.id, u.uuid, u.name, u.slug, u.admin, t.revoked, t.expiration FROM token t "
        'JOIN "user" u ON u.id = t.user_id WHERE t.token_hash = ?',
        (hash_token(token),),
    )
    if r is None:
        raise AuthenticationError("the API token is not known to this server")
    if r[5] is not None:
        raise AuthenticationError("the API token has been revoked")
    if r[6] is not None and int(r[6]) <= now_us():
        raise AuthenticationError("the API token has expired")
    user = _user(r[:5])
    return Principal(user, roles_of(db, user.id))


_TCOLS = "t.id, t.uuid, u.name, t.name, t.created, t.expiration, t.revoked"


def _token(r: tuple[Any, ...]) -> TokenRow:
    return TokenRow(
        int(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        int(r[4]),
        None if r[5] is None else int(r[5]),
        None if r[6] is None else int(r[6]),
    )


def create_token(
    db: Database,
    user_id: int,
    name: str,
    *,
    value: str | None = None,
    expiration_us: int | None = None,
) -> tuple[TokenRow, str]:
    """Create a token for a user; returns the row and the value (shown once, never stored)."""
    name = _checked_name(name, "token name")
    value = value or new_token_value()
    if len(value) < 16:
        raise InvalidInputError("an API token must be at least 16 characters long")
    token_uuid = str(uuid.uuid4())
    db.execute(
        "INSERT INTO token (uuid, user_id, name, token_hash, created, expiration, revoked) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL)",
        (token_uuid, user_id, name, hash_token(value), now_us(), expiration_us),
    )
    return get_token(db, token_uuid), value


def get_token(db: Database, token_uuid: str, *, user_id: int | None = None) -> TokenRow:
    """One token by UUID (optionally only if it belongs to ``user_id``)."""
    sql = f'SELECT {_TCOLS} FROM token t JOIN "user" u ON u.id = t.user_id WHERE t.uuid = ?'
    params: list[object] = [token_uuid.lower()]
    if user_id is not None:
        sql += " AND t.user_id = ?"
        params.append(user_id)
    r = db.fetchone(sql, params)
    if r is None:
        raise NotFoundError(f"token {token_uuid} not found")
    return _token(r)


def list_tokens(db: Database, *, user_id: int | None = None) -> list[TokenRow]:
    """Tokens (of one user, or all), oldest first."""
    sql = f'SELECT {_TCOLS} FROM token t JOIN "user" u ON u.id = t.user_id'
    params: list[object] = []
    if user_id is not None:
        sql += " WHERE t.user_id = ?"
        params.append(user_id)
    return [_token(r) for r in db.fetchall(sql + " ORDER BY t.id", params)]


def revoke_token(db: Database, token_uuid: str, *, user_id: int | None = None) -> TokenRow:
    """Revoke a token (idempotent); it stops working at once."""
    found = get_token(db, token_uuid, user_id=user_id)
    if found.revoked is None:
        db.execute("UPDATE token SET revoked = ? WHERE id = ?", (now_us(), found.id))
    return get_token(db, token_uuid)


def bootstrap_admin(db: Database, token: str | None = None) -> str | None:
    """Make sure an admin can log in; returns a newly generated token to print once, else None.

    With ``token`` (``BENCHER_ADMIN_TOKEN``) that value becomes (or stays) a valid admin token.
    Without it a token is generated only when no admin holds a usable token yet.
    """
    with db.transaction():
        admin = ensure_user(db, ADMIN_USER, admin=True)
        org = ensure_organization(db, DEFAULT_ORG)
        if org.id not in roles_of(db, admin.id):
            set_role(db, org.id, admin.id, "leader")
        if token is not None:
            r = db.fetchone(
                "SELECT id, user_id FROM token WHERE token_hash = ?", (hash_token(token),)
            )
            if r is None:
                create_token(db, admin.id, "BENCHER_ADMIN_TOKEN", value=token)
            else:
                db.execute(
                    "UPDATE token SET user_id = ?, revoked = NULL, expiration = NULL WHERE id = ?",
                    (admin.id, r[0]),
                )
            return None
        usable = db.scalar(
            'SELECT count(*) FROM token t JOIN "user" u ON u.id = t.user_id WHERE u.admin = ? '
            "AND t.revoked IS NULL AND (t.expiration IS NULL OR t.expiration > ?)",
            (True, now_us()),
        )
        if int(usable):
            return None
        _, value = create_token(db, admin.id, "bootstrap")
        return value
