"""Organizations, members, users and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from bencher_core.server.schemas._common import INPUT, OUTPUT, Name

__all__ = [
    "JsonCreatedToken",
    "JsonMember",
    "JsonNewMember",
    "JsonNewOrganization",
    "JsonNewToken",
    "JsonNewUser",
    "JsonOrganization",
    "JsonToken",
    "JsonUser",
    "Role",
]

Role = Literal["member", "leader"]


class JsonNewOrganization(BaseModel):
    model_config = INPUT
    name: Name


class JsonOrganization(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    name: str
    slug: str


class JsonNewUser(BaseModel):
    model_config = INPUT
    name: Name
    admin: bool = False


class JsonUser(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    name: str
    slug: str
    admin: bool


class JsonNewMember(BaseModel):
    """Give a user (UUID, slug or name) a role; ``role: null`` removes them."""

    model_config = INPUT
    user: Name
    role: Role | None = "member"


class JsonMember(BaseModel):
    model_config = OUTPUT
    user: JsonUser
    role: str


class JsonNewToken(BaseModel):
    model_config = INPUT
    name: Name
    ttl: int | None = Field(
        default=None, ge=1, le=10 * 365 * 86400, description="lifetime in seconds"
    )


class JsonToken(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    user: str
    name: str
    created: dt.datetime
    expiration: dt.datetime | None = None
    revoked: dt.datetime | None = None


class JsonCreatedToken(JsonToken):
    """A new token: its value is shown this once and never again."""

    token: str
