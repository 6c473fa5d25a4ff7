"""Saving in O(turn): a snapshot plus an append-only journal of what changed.

Rewriting the whole pretty-printed session after every turn made a long
session quadratic (26 ms per turn at turn 500). Now the first save writes the
snapshot `ID.json` (atomic, as before), and each later save appends one JSON
line to `ID.journal.jsonl` holding only what changed since the last save,
fsynced before the turn is shown as saved. Finishing a session compacts: the
full snapshot is written atomically with the number of the last journal line
it includes (`journal_seq`), then the journal is removed.

A journal line is positional, so undo needs no special case:
`{"seq": 7, "turns_from": 4, "turns": [...], "attempts_from": 1, "attempts": [...],
"marks_from": 0, "marks": [], "set": {"updated": ..., "finished": false}}`
means: keep the first 4 turns, append these; likewise attempts and marks; set
these fields. Reading applies the lines with `seq` above the snapshot's
`journal_seq`, so a process killed between compaction and the journal's removal
reads the same session. A last line cut off by a kill is ignored; old session
files without a journal load as they always did.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from simulator.store.shape import MAX_SESSION_BYTES, NotReadable, open_regular

LIST_FIELDS = ("turns", "attempts", "marks")
SEQ_FIELD = "journal_seq"


def state_of(data: dict) -> dict:
    """What the journal needs to know to write the next line's difference."""
    return {"seq": int(data.get(SEQ_FIELD, 0) or 0),
            **{f"{k}_len": len(data.get(k) or []) for k in LIST_FIELDS},
            "set": {k: v for k, v in data.items() if k not in LIST_FIELDS and k != SEQ_FIELD}}


def next_line(data: dict, state: dict) -> tuple[dict, dict]:
    """The journal record turning the last saved state into `data`, and the new state.

    A list that shrank (undo) restarts from its new length; only new items are written.
    """
    seq = state["seq"] + 1
    record: dict = {"seq": seq}
    for key in LIST_FIELDS:
        items = data.get(key) or []
        start = min(state[f"{key}_len"], len(items))
        if start != state[f"{key}_len"] or len(items) > start:
            record[f"{key}_from"] = start
            record[key] = [x.to_dict() if hasattr(x, "model_dump") else x for x in items[start:]]
    # deepcopy: a field such as `recall` or `drill` may later be changed in place.
    changed = {k: copy.deepcopy(v) for k, v in data.items()
               if k not in LIST_FIELDS and k != SEQ_FIELD and state["set"].get(k, object()) != v}
    if changed:
        record["set"] = changed
    new_state = {"seq": seq, **{f"{k}_len": len(data.get(k) or []) for k in LIST_FIELDS},
                 "set": {**state["set"], **changed}}
    return record, new_state


def apply(data: dict, path: Path, limit: int = MAX_SESSION_BYTES) -> tuple[dict, int]:
    """`data` (a snapshot) with the journal at `path` applied; returns it and the lines applied.

    Streams the journal line by line, so reading costs one session's memory.
    """
    try:
        fh = open_regular(path, limit)
    except NotReadable as exc:
        if not path.exists() and not path.is_symlink():
            return data, 0
        raise NotReadable(f"{path.name}: {exc}") from None
    base = int(data.get(SEQ_FIELD, 0) or 0) if isinstance(data.get(SEQ_FIELD, 0), int) else 0
    lists = {k: list(data.get(k) or []) for k in LIST_FIELDS}
    applied = 0
    with fh:
        for raw in fh:
            try:
                record = json.loads(raw.decode("utf-8", "surrogateescape"))
            except (ValueError, RecursionError):
                continue  # a line cut off by a killed process; the next save starts a fresh line
            if not isinstance(record, dict) or not isinstance(record.get("seq"), int) or record["seq"] <= base:
                continue
            for key in LIST_FIELDS:
                start, items = record.get(f"{key}_from"), record.get(key)
                if isinstance(start, int) and isinstance(items, list) and 0 <= start <= len(lists[key]):
                    del lists[key][start:]
                    lists[key].extend(items)
            if isinstance(record.get("set"), dict):
                data.update({k: v for k, v in record["set"].items() if k not in LIST_FIELDS})
            data[SEQ_FIELD] = base = record["seq"]
            applied += 1
    data.update(lists)
    return data, applied


def encode(record: dict) -> str:
    # One line, no indentation; see atomic_write_json for why surrogates are escaped on write.
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
