"""Service rows to API shapes (one function per shape; routes stay one call each way)."""

from __future__ import annotations

import uuid
from typing import Literal

from bencher_core.models.report import (
    Boundary,
    ReportMeasure,
    Resource,
    ResultMetric,
    StartPointRef,
    VersionRef,
)
from bencher_core.server.schemas import (
    JsonBranch,
    JsonHead,
    JsonMember,
    JsonOneMetric,
    JsonOrganization,
    JsonPerfAlert,
    JsonPerfMetric,
    JsonPerfSeries,
    JsonProject,
    JsonThreshold,
    JsonThresholdModel,
    JsonToken,
    JsonUser,
)
from bencher_core.service.auth import OrgRow, TokenRow, UserRow
from bencher_core.service.catalog import CatalogRow
from bencher_core.service.clock import from_us
from bencher_core.service.perf import PerfPoint
from bencher_core.service.perf_query import PerfSeries
from bencher_core.service.project_admin import MemberRow, ProjectInfo
from bencher_core.service.report_admin import MetricDetail
from bencher_core.service.resources import Named
from bencher_core.service.threshold_admin import ThresholdInfo

__all__ = [
    "branch_json",
    "member_json",
    "metric_json",
    "org_json",
    "perf_series_json",
    "project_json",
    "resource_fields",
    "threshold_json",
    "token_json",
    "user_json",
]


def project_json(p: ProjectInfo) -> JsonProject:
    return JsonProject(
        uuid=uuid.UUID(p.uuid),
        organization=uuid.UUID(p.organization_uuid),
        name=p.name,
        slug=p.slug,
        url=p.url,
        visibility="public" if p.visibility == "public" else "private",
        created=from_us(p.created),
        modified=from_us(p.modified),
    )


def resource_fields(row: CatalogRow, project: ProjectInfo) -> dict[str, object]:
    """The fields every branch/testbed/benchmark/measure shape has."""
    out: dict[str, object] = {
        "uuid": uuid.UUID(row.uuid),
        "project": uuid.UUID(project.uuid),
        "name": row.name,
        "slug": row.slug,
        "created": from_us(row.created),
        "modified": from_us(row.modified),
        "archived": None if row.archived is None else from_us(row.archived),
    }
    if row.units is not None:
        out["units"] = row.units
        out["higher_is_better"] = bool(row.higher_is_better)
    return out


def branch_json(row: CatalogRow, project: ProjectInfo) -> JsonBranch:
    head = None
    if row.head is not None:
        h = row.head
        start = None
        if h.start_branch is not None and h.start_version is not None:
            start = StartPointRef(
                branch=h.start_branch,
                version=VersionRef(number=h.start_version[0], hash=h.start_version[1]),
            )
        version = None if h.version is None else VersionRef(number=h.version[0], hash=h.version[1])
        head = JsonHead(uuid=uuid.UUID(h.uuid), start_point=start, version=version)
    return JsonBranch.model_validate({**resource_fields(row, project), "head": head})


def _resource(n: Named) -> Resource:
    return Resource(uuid=uuid.UUID(n.uuid), name=n.name, slug=n.slug)


def _measure(n: Named) -> ReportMeasure:
    return ReportMeasure(
        uuid=uuid.UUID(n.uuid),
        name=n.name,
        slug=n.slug,
        units=n.units,
        higher_is_better=n.higher_is_better,
    )


def threshold_json(t: ThresholdInfo, project: ProjectInfo) -> JsonThreshold:
    model = None
    if t.model is not None and t.model_uuid is not None:
        model = JsonThresholdModel(uuid=uuid.UUID(t.model_uuid), **t.model.model_dump())
    return JsonThreshold(
        uuid=uuid.UUID(t.uuid),
        project=uuid.UUID(project.uuid),
        branch=_resource(t.branch),
        testbed=_resource(t.testbed),
        measure=_measure(t.measure),
        model=model,
        default=t.is_default,
        created=from_us(t.created),
        modified=from_us(t.modified),
    )


def _alert(alert_uuid: str | None, limit: str | None, status: str | None) -> JsonPerfAlert | None:
    if alert_uuid is None or limit is None:
        return None
    lim: Literal["lower", "upper"] = "upper" if limit == "upper" else "lower"
    return JsonPerfAlert(uuid=uuid.UUID(alert_uuid), limit=lim, status=status or "active")


def _point(p: PerfPoint) -> JsonPerfMetric:
    judged = p.threshold_uuid is not None
    return JsonPerfMetric(
        report=uuid.UUID(p.report_uuid),
        iteration=p.iteration,
        start_time=from_us(p.start_time_us),
        end_time=from_us(p.end_time_us),
        version=VersionRef(number=p.version_number, hash=p.version_hash),
        metric=ResultMetric(
            uuid=uuid.UUID(p.metric_uuid),
            value=p.value,
            lower_value=p.lower_value,
            upper_value=p.upper_value,
        ),
        threshold=uuid.UUID(p.threshold_uuid) if p.threshold_uuid else None,
        boundary=Boundary(baseline=p.baseline, lower_limit=p.lower_limit, upper_limit=p.upper_limit)
        if judged
        else None,
        alert=_alert(p.alert_uuid, p.alert_limit, p.alert_status),
    )


def perf_series_json(s: PerfSeries) -> JsonPerfSeries:
    return JsonPerfSeries(
        branch=_resource(s.branch),
        testbed=_resource(s.testbed),
        benchmark=_resource(s.benchmark),
        measure=_measure(s.measure),
        metrics=[_point(p) for p in s.points],
    )


def metric_json(m: MetricDetail) -> JsonOneMetric:
    threshold = None
    if m.threshold_uuid is not None and m.threshold_model is not None:
        threshold = JsonThresholdModel(
            uuid=uuid.UUID(m.threshold_uuid), **m.threshold_model.model_dump()
        )
    return JsonOneMetric(
        uuid=uuid.UUID(m.uuid),
        report=uuid.UUID(m.report_uuid),
        iteration=m.iteration,
        start_time=from_us(m.start_time),
        end_time=from_us(m.end_time),
        version=VersionRef(number=m.version_number, hash=m.version_hash),
        branch=_resource(m.branch),
        testbed=_resource(m.testbed),
        benchmark=_resource(m.benchmark),
        measure=_measure(m.measure),
        metric=ResultMetric(
            uuid=uuid.UUID(m.uuid),
            value=m.value,
            lower_value=m.lower_value,
            upper_value=m.upper_value,
        ),
        threshold=threshold,
        boundary=Boundary(
            baseline=m.baseline,
            lower_limit=m.lower_limit,
            upper_limit=m.upper_limit,
            sample_size=m.sample_size,
        )
        if m.threshold_uuid
        else None,
        alert=_alert(m.alert_uuid, m.alert_limit, m.alert_status),
    )


def user_json(u: UserRow) -> JsonUser:
    return JsonUser(uuid=uuid.UUID(u.uuid), name=u.name, slug=u.slug, admin=u.admin)


def org_json(o: OrgRow) -> JsonOrganization:
    return JsonOrganization(uuid=uuid.UUID(o.uuid), name=o.name, slug=o.slug)


def member_json(m: MemberRow) -> JsonMember:
    return JsonMember(user=user_json(m.user), role=m.role)


def token_json(t: TokenRow) -> JsonToken:
    return JsonToken(
        uuid=uuid.UUID(t.uuid),
        user=t.user,
        name=t.name,
        created=from_us(t.created),
        expiration=None if t.expiration is None else from_us(t.expiration),
        revoked=None if t.revoked is None else from_us(t.revoked),
    )
