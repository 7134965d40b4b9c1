"""Auditors' tools, read-only: a project's history (`history`), the differences between two of
its states (`diff`), chain verification (`verification`), and export bundles with offline replay
and import (`bundles`)."""

from app.audit.bundles import (
    FORMAT,
    Bundle,
    BundleEvent,
    ReplayResult,
    export_bundle,
    import_bundle,
    iter_bundle,
    load_bundle,
    read_bundle,
    replay_offline,
)
from app.audit.diff import FieldChange, diff_states
from app.audit.history import (
    head_version,
    history_page,
    project_as_of,
    project_at_version,
    project_history,
    stage_on,
)
from app.audit.verification import anchor_of, verify_everything, verify_project

__all__ = [
    "FORMAT",
    "Bundle",
    "BundleEvent",
    "FieldChange",
    "ReplayResult",
    "anchor_of",
    "diff_states",
    "export_bundle",
    "head_version",
    "history_page",
    "import_bundle",
    "iter_bundle",
    "load_bundle",
    "project_as_of",
    "project_at_version",
    "project_history",
    "read_bundle",
    "replay_offline",
    "stage_on",
    "verify_everything",
    "verify_project",
]
