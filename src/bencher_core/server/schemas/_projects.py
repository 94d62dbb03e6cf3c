"""Projects and their named resources: branches, testbeds, benchmarks, measures."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from pydantic import BaseModel, Field

from bencher_core.models.report import StartPointRef, VersionRef
from bencher_core.models.run import StartPoint
from bencher_core.server.schemas._common import INPUT, OUTPUT, Name, Slug, Visibility

__all__ = [
    "JsonBenchmark",
    "JsonBranch",
    "JsonHead",
    "JsonMeasure",
    "JsonNewBenchmark",
    "JsonNewBranch",
    "JsonNewMeasure",
    "JsonNewProject",
    "JsonNewTestbed",
    "JsonProject",
    "JsonTestbed",
    "JsonUpdateBenchmark",
    "JsonUpdateBranch",
    "JsonUpdateMeasure",
    "JsonUpdateProject",
    "JsonUpdateTestbed",
]


class JsonNewProject(BaseModel):
    model_config = INPUT
    name: Name
    slug: Slug | None = None
    url: str | None = Field(default=None, max_length=2048)
    visibility: Visibility | None = Field(default=None, description="default: the server's setting")
    organization: Name | None = Field(default=None, description="default: your first organization")


class JsonUpdateProject(BaseModel):
    model_config = INPUT
    name: Name | None = None
    slug: Slug | None = None
    url: str | None = Field(default=None, max_length=2048)
    visibility: Visibility | None = None


class JsonProject(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    organization: UUID
    name: str
    slug: str
    url: str | None = None
    visibility: Visibility
    created: dt.datetime
    modified: dt.datetime


class _Resource(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    project: UUID
    name: str
    slug: str
    created: dt.datetime
    modified: dt.datetime
    archived: dt.datetime | None = None


class _NewResource(BaseModel):
    model_config = INPUT
    name: Name
    slug: Slug | None = None


class _UpdateResource(BaseModel):
    model_config = INPUT
    name: Name | None = None
    slug: Slug | None = None
    archived: bool | None = None


class JsonHead(BaseModel):
    model_config = OUTPUT
    uuid: UUID
    start_point: StartPointRef | None = None
    version: VersionRef | None = Field(default=None, description="the newest version on this head")


class JsonNewBranch(_NewResource):
    name: str = Field(min_length=1, max_length=256)
    start_point: StartPoint | None = None


class JsonUpdateBranch(_UpdateResource):
    name: str | None = Field(default=None, min_length=1, max_length=256)


class JsonBranch(_Resource):
    head: JsonHead | None = None


class JsonNewTestbed(_NewResource):
    pass


class JsonUpdateTestbed(_UpdateResource):
    pass


class JsonTestbed(_Resource):
    pass


class JsonNewBenchmark(_NewResource):
    name: str = Field(min_length=1, max_length=1024)


class JsonUpdateBenchmark(_UpdateResource):
    name: str | None = Field(default=None, min_length=1, max_length=1024)


class JsonBenchmark(_Resource):
    pass


class JsonNewMeasure(_NewResource):
    units: Name | None = None
    higher_is_better: bool | None = None


class JsonUpdateMeasure(_UpdateResource):
    units: Name | None = None
    higher_is_better: bool | None = None


class JsonMeasure(_Resource):
    units: str
    higher_is_better: bool = False
