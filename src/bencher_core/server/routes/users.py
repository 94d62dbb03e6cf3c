"""``/v0/users``: users and their API tokens (create, list, read, revoke)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from bencher_core.errors import ConflictError, NotFoundError
from bencher_core.server.convert import token_json, user_json
from bencher_core.server.deps import AdminDep, DbDep, UserDep
from bencher_core.server.routes._responses import READ_ERRORS, WRITE_ERRORS
from bencher_core.server.schemas import (
    JsonCreatedToken,
    JsonNewToken,
    JsonNewUser,
    JsonToken,
    JsonUser,
)
from bencher_core.service.auth import (
    Principal,
    UserRow,
    create_token,
    ensure_user,
    find_user,
    get_token,
    list_tokens,
    revoke_token,
)
from bencher_core.service.clock import now_us
from bencher_core.store.db import Database

__all__ = ["router"]

router = APIRouter(prefix="/v0/users", tags=["users"])

UserId = Annotated[str, Path(min_length=1, max_length=64, description="user UUID, slug or name")]
TokenId = Annotated[str, Path(min_length=1, max_length=64, description="token UUID")]


def _self_or_admin(db: Database, principal: Principal, ident: str) -> UserRow:
    user = find_user(db, ident)
    if user is None or not (principal.admin or user.id == principal.user.id):
        raise NotFoundError(f"user {ident!r} not found")
    return user


@router.post("", name="create_user", status_code=201, responses=WRITE_ERRORS)
def post_user(body: JsonNewUser, db: DbDep, admin: AdminDep) -> JsonUser:
    """Create a user (admins only); give them a role with ``POST /v0/organizations/{o}/members``."""
    if find_user(db, body.name) is not None:
        raise ConflictError(f"user {body.name!r} already exists")
    with db.transaction():
        return user_json(ensure_user(db, body.name, admin=body.admin))


@router.get("/{user}", name="get_user", responses=READ_ERRORS)
def get_user(user: UserId, db: DbDep, principal: UserDep) -> JsonUser:
    """Yourself (or anyone, for an admin)."""
    return user_json(_self_or_admin(db, principal, user))


@router.get("/{user}/tokens", name="list_tokens", responses=READ_ERRORS)
def get_tokens(user: UserId, db: DbDep, principal: UserDep) -> list[JsonToken]:
    """A user's tokens (never their values)."""
    return [token_json(t) for t in list_tokens(db, user_id=_self_or_admin(db, principal, user).id)]


@router.post("/{user}/tokens", name="create_token", status_code=201, responses=WRITE_ERRORS)
def post_token(user: UserId, body: JsonNewToken, db: DbDep, principal: UserDep) -> JsonCreatedToken:
    """Create a token; its value is in this answer only."""
    owner = _self_or_admin(db, principal, user)
    expiration = None if body.ttl is None else now_us() + body.ttl * 1_000_000
    with db.transaction():
        row, value = create_token(db, owner.id, body.name, expiration_us=expiration)
    return JsonCreatedToken(**token_json(row).model_dump(), token=value)


@router.get("/{user}/tokens/{token}", name="get_token", responses=READ_ERRORS)
def get_one_token(user: UserId, token: TokenId, db: DbDep, principal: UserDep) -> JsonToken:
    """One token (never its value)."""
    owner = _self_or_admin(db, principal, user)
    return token_json(get_token(db, token, user_id=owner.id))


@router.delete("/{user}/tokens/{token}", name="revoke_token", responses=WRITE_ERRORS)
def delete_token(user: UserId, token: TokenId, db: DbDep, principal: UserDep) -> JsonToken:
    """Revoke a token: it stops working at once."""
    owner = _self_or_admin(db, principal, user)
    with db.transaction():
        return token_json(revoke_token(db, token, user_id=owner.id))
