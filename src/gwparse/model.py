"""The task record: what gwparse emits, validated by pydantic.

The JSON Schema in ``schemas/task-record.schema.json`` is generated from these
models (``make schema``); a test fails when the committed copy is stale.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["lead", "responsible", "cooperate"]
ROLES: tuple[Role, ...] = ("lead", "responsible", "cooperate")


class Unit(BaseModel):
    """One responsible unit of a task and the part it plays."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="Unit name, e.g. 县财政局 or 各镇（场）政府")
    role: Role = Field(description="lead (牵头), responsible (负责) or cooperate (配合)")


class Document(BaseModel):
    """Where a record comes from: the plan as a whole."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Input file name as given ('-' for standard input)")
    title: str | None = Field(default=None, description="The document's title line")
    year: int | None = Field(default=None, description="The plan year")
    doc_no: str | None = Field(default=None, description="文号, e.g. 台政办发〔2018〕26号")
    issuer: str | None = Field(default=None, description="Issuing body")
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Issue date, YYYY-MM-DD")
    format: str = Field(description="Sniffed input style, e.g. tab-cells, pipe-table, prose, docx-table")
    script: Literal["simplified", "traditional"] = Field(description="Script of the original document")


class TaskRecord(BaseModel):
    """One task of a plan: what must be done, by whom, by when, through which channel."""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(default=None, description="Level-1 heading (一、… or the category column)")
    section: str | None = Field(default=None, description="Level-2 heading (（一）… or the section column)")
    item: str | None = Field(default=None, description="Level-3 heading grouping tasks without a content cell of its own")
    seq: str | None = Field(default=None, pattern=r"^\d+$", description="The task's own number as printed")
    title: str | None = Field(default=None, description="Leading short sentence of the task, if any")
    content: str = Field(min_length=1, description="The task text; paragraphs joined with newlines")
    deadline: str | None = Field(default=None, description="Deadline column text (公开时限, 完成时限 …)")
    channels: list[str] = Field(default_factory=list, description="Disclosure channels (公开方式)")
    units: list[Unit] = Field(default_factory=list, description="Responsible units with their roles")
    units_raw: str | None = Field(default=None, description="Unit text as it stood in the document")
    document: Document
