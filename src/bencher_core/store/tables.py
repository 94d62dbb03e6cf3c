"""The store's schema: SQLAlchemy 2.0 typed tables for Bencher's domain.

This module is the source of truth for the schema (Alembic migrations are generated from it);
the ingest hot path talks to the same tables through the DBAPI (see ``db.py``), so importing
SQLAlchemy stays off the pytest plugin's path.

Times are unix **microseconds** (BigInteger), uuids canonical strings.

Denormalisation for O(window) history reads: every ``metric`` row carries its series key
(``head_id, testbed_id, benchmark_id, measure_id``) and its ordering key (``version_number,
start_time, iteration``) under one composite index, so the newest N points of a series on one
head are one index range scan. ``head_segment`` lists, per head, the heads whose metrics count
as its history and the version-number range they count for (a start point's inherited versions).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bencher_core.store.tables_meta import SCHEMA_REVISION

__all__ = ["SCHEMA_REVISION", "Base", "metadata"]


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Base(DeclarativeBase):
    metadata = metadata


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Mapped[int]:
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Organization(Base):
    __tablename__ = "organization"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[int] = mapped_column(BigInteger)


class OrganizationRole(Base):
    __tablename__ = "organization_role"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = _fk("organization.id")
    user_id: Mapped[int] = _fk("user.id")
    role: Mapped[str] = mapped_column(String(16))  # member | leader
    created: Mapped[int] = mapped_column(BigInteger)


class Token(Base):
    __tablename__ = "token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = _fk("user.id")
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created: Mapped[int] = mapped_column(BigInteger)
    expiration: Mapped[int | None] = mapped_column(BigInteger)
    revoked: Mapped[int | None] = mapped_column(BigInteger)


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    organization_id: Mapped[int] = _fk("organization.id")
    name: Mapped[str] = mapped_column(String(64))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    created: Mapped[int] = mapped_column(BigInteger)
    modified: Mapped[int] = mapped_column(BigInteger)


class _ProjectResource:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    project_id: Mapped[int] = _fk("project.id")
    slug: Mapped[str] = mapped_column(String(64))
    archived: Mapped[int | None] = mapped_column(BigInteger)
    created: Mapped[int] = mapped_column(BigInteger)
    modified: Mapped[int] = mapped_column(BigInteger)


class Branch(_ProjectResource, Base):
    __tablename__ = "branch"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        UniqueConstraint("project_id", "slug"),
    )
    name: Mapped[str] = mapped_column(String(256))
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("head.id", use_alter=True, ondelete="SET NULL"), nullable=True
    )


class Head(Base):
    __tablename__ = "head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    branch_id: Mapped[int] = _fk("branch.id")
    start_point_id: Mapped[int | None] = mapped_column(
        ForeignKey("head_version.id", use_alter=True, ondelete="SET NULL"), nullable=True
    )
    created: Mapped[int] = mapped_column(BigInteger)
    replaced: Mapped[int | None] = mapped_column(BigInteger)
    # A fresh UUID whenever the head's metrics change (NULL: not since migration 0003).
    revision: Mapped[str | None] = mapped_column(String(36))


class HeadSegment(Base):
    """Head ``head_id`` counts ``source_head_id``'s metrics with number in [min, max] as history."""

    __tablename__ = "head_segment"
    __table_args__ = (UniqueConstraint("head_id", "source_head_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    head_id: Mapped[int] = _fk("head.id")
    source_head_id: Mapped[int] = _fk("head.id")
    min_number: Mapped[int] = mapped_column(BigInteger)
    max_number: Mapped[int] = mapped_column(BigInteger)


class Version(Base):
    __tablename__ = "version"
    __table_args__ = (Index("ix_version_project_hash", "project_id", "hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    project_id: Mapped[int] = _fk("project.id")
    number: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str | None] = mapped_column(String(256))


class HeadVersion(Base):
    """A version on a head; ``number`` is the version's, copied so max/newest are index reads."""

    __tablename__ = "head_version"
    __table_args__ = (
        UniqueConstraint("head_id", "version_id"),
        Index("ix_head_version_head_number", "head_id", "number"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    head_id: Mapped[int] = _fk("head.id")
    version_id: Mapped[int] = _fk("version.id")
    number: Mapped[int] = mapped_column(BigInteger)


class Testbed(_ProjectResource, Base):
    __tablename__ = "testbed"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        UniqueConstraint("project_id", "slug"),
    )
    name: Mapped[str] = mapped_column(String(64))


class Benchmark(_ProjectResource, Base):
    __tablename__ = "benchmark"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        UniqueConstraint("project_id", "slug"),
    )
    name: Mapped[str] = mapped_column(String(1024))


class Measure(_ProjectResource, Base):
    __tablename__ = "measure"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        UniqueConstraint("project_id", "slug"),
    )
    name: Mapped[str] = mapped_column(String(64))
    units: Mapped[str] = mapped_column(String(64))
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=False)


class Report(Base):
    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("project_id", "idempotency_key"),
        Index("ix_report_head_time", "head_id", "start_time"),
        Index("ix_report_project_created", "project_id", "created"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    project_id: Mapped[int] = _fk("project.id")
    user_id: Mapped[int | None] = _fk("user.id", nullable=True, ondelete="SET NULL")
    head_id: Mapped[int] = mapped_column(ForeignKey("head.id", ondelete="CASCADE"))
    version_id: Mapped[int] = _fk("version.id")
    testbed_id: Mapped[int] = _fk("testbed.id")
    idempotency_key: Mapped[str | None] = mapped_column(String(36))
    adapter: Mapped[str] = mapped_column(String(32))
    start_time: Mapped[int] = mapped_column(BigInteger)
    end_time: Mapped[int] = mapped_column(BigInteger)
    created: Mapped[int] = mapped_column(BigInteger)
    context: Mapped[dict[str, str] | None] = mapped_column(JSON)


class ReportBenchmark(Base):
    __tablename__ = "report_benchmark"
    __table_args__ = (UniqueConstraint("report_id", "iteration", "benchmark_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    iteration: Mapped[int] = mapped_column(Integer)
    benchmark_id: Mapped[int] = _fk("benchmark.id")


class Metric(Base):
    __tablename__ = "metric"
    __table_args__ = (
        UniqueConstraint("report_benchmark_id", "measure_id"),
        Index(
            "ix_metric_series",
            "head_id",
            "testbed_id",
            "benchmark_id",
            "measure_id",
            "version_number",
            "start_time",
            "iteration",
            "value",
        ),
        Index("ix_metric_report", "report_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    report_benchmark_id: Mapped[int] = mapped_column(
        ForeignKey("report_benchmark.id", ondelete="CASCADE")
    )
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    lower_value: Mapped[float | None] = mapped_column(Float)
    upper_value: Mapped[float | None] = mapped_column(Float)
    samples: Mapped[str | None] = mapped_column(Text)  # SampleSummary JSON
    ignored: Mapped[bool] = mapped_column(Boolean, default=False)  # never alerts
    # Denormalised series and ordering key (see module docstring).
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    head_id: Mapped[int] = mapped_column(BigInteger)
    testbed_id: Mapped[int] = mapped_column(BigInteger)
    benchmark_id: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger)
    start_time: Mapped[int] = mapped_column(BigInteger)
    iteration: Mapped[int] = mapped_column(Integer)


class Threshold(Base):
    __tablename__ = "threshold"
    __table_args__ = (UniqueConstraint("branch_id", "testbed_id", "measure_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    project_id: Mapped[int] = _fk("project.id")
    branch_id: Mapped[int] = _fk("branch.id")
    testbed_id: Mapped[int] = _fk("testbed.id")
    measure_id: Mapped[int] = _fk("measure.id")
    model_id: Mapped[int | None] = mapped_column(
        ForeignKey("model.id", use_alter=True, ondelete="SET NULL"), nullable=True
    )
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[int] = mapped_column(BigInteger)
    modified: Mapped[int] = mapped_column(BigInteger)


class Model(Base):
    __tablename__ = "model"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    threshold_id: Mapped[int] = _fk("threshold.id")
    test: Mapped[str] = mapped_column(String(16))
    min_sample_size: Mapped[int | None] = mapped_column(BigInteger)
    max_sample_size: Mapped[int | None] = mapped_column(BigInteger)
    window: Mapped[int | None] = mapped_column(BigInteger)
    lower_boundary: Mapped[float | None] = mapped_column(Float)
    upper_boundary: Mapped[float | None] = mapped_column(Float)
    min_effect: Mapped[float | None] = mapped_column(Float)
    created: Mapped[int] = mapped_column(BigInteger)
    replaced: Mapped[int | None] = mapped_column(BigInteger)


class Boundary(Base):
    __tablename__ = "boundary"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metric.id", ondelete="CASCADE"), unique=True)
    threshold_id: Mapped[int] = _fk("threshold.id")
    model_id: Mapped[int] = _fk("model.id")
    baseline: Mapped[float | None] = mapped_column(Float)
    lower_limit: Mapped[float | None] = mapped_column(Float)
    upper_limit: Mapped[float | None] = mapped_column(Float)
    sample_size: Mapped[int] = mapped_column(Integer, default=0)


class Alert(Base):
    __tablename__ = "alert"
    __table_args__ = (Index("ix_alert_project_status", "project_id", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    boundary_id: Mapped[int] = mapped_column(
        ForeignKey("boundary.id", ondelete="CASCADE"), unique=True
    )
    boundary_limit: Mapped[bool] = mapped_column(Boolean)  # False lower, True upper
    status: Mapped[str] = mapped_column(String(16), default="active")
    created: Mapped[int] = mapped_column(BigInteger)
    modified: Mapped[int] = mapped_column(BigInteger)


class BaselineReset(Base):
    """An accepted change: history of a series on a branch counts from ``from_number`` on."""

    __tablename__ = "baseline_reset"
    __table_args__ = (UniqueConstraint("branch_id", "testbed_id", "benchmark_id", "measure_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_id: Mapped[int] = _fk("branch.id")
    testbed_id: Mapped[int] = mapped_column(ForeignKey("testbed.id", ondelete="CASCADE"))
    benchmark_id: Mapped[int] = mapped_column(ForeignKey("benchmark.id", ondelete="CASCADE"))
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"))
    from_number: Mapped[int] = mapped_column(BigInteger)
    created: Mapped[int] = mapped_column(BigInteger)
