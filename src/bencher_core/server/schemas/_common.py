"""Shapes shared by every route: errors, the server version, naming fields."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "INPUT",
    "OUTPUT",
    "ErrorBody",
    "ErrorItem",
    "Name",
    "ServerVersion",
    "Slug",
    "Visibility",
]

#: Request bodies: unknown fields and NaN/Infinity are refused.
INPUT = ConfigDict(extra="forbid", allow_inf_nan=False)
OUTPUT = ConfigDict(extra="forbid")

Visibility = Literal["public", "private"]
Name = Annotated[str, Field(min_length=1, max_length=64, description="1-64 characters")]
Slug = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="a-z, 0-9, dashes",
    ),
]


class ErrorItem(BaseModel):
    """One invalid field."""

    model_config = OUTPUT
    field: str
    message: str
    type: str = ""


class ErrorBody(BaseModel):
    """Every error response."""

    model_config = OUTPUT
    message: str = Field(description="what was wrong, in one line")
    status: int
    field: str | None = Field(default=None, description="the field at fault, e.g. body.results")
    errors: list[ErrorItem] | None = None


class ServerVersion(BaseModel):
    """``GET /v0/server/version``."""

    model_config = OUTPUT
    version: str
