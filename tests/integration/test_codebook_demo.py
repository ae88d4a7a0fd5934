"""The codebook against the finished demo run: every table and column documented with the right
type, and the parquet files carry their entries in the field metadata."""

import pyarrow.parquet as pq
import pytest

from ailabor.codebook import report

pytestmark = pytest.mark.slow


def test_demo_tree_matches_the_codebook(demo_run):
    problems, n = report.check([demo_run.root])
    assert n > 100
    assert problems == [], "\n".join(map(str, problems))


def test_demo_parquet_carries_field_metadata(demo_run):
    path = next((demo_run.root / "estimation" / "corrected").glob("*/event_study.parquet"))
    schema = pq.read_schema(path)
    assert schema.metadata[b"ailabor.rule"].startswith(b"estimation_corrected")
    est = schema.field("estimate").metadata
    assert est[b"unit"] == b"log points per unit of exposure" and est[b"type"] == b"float"
    assert all(schema.field(n).metadata and b"description" in schema.field(n).metadata for n in schema.names)
