#!/usr/bin/env python3
"""pyevstore: a small, file-backed event store that speaks evsim's wire protocol, version 1.

It is the worked example for adapter authors (docs/wire-protocol.md): Python 3, standard
library only. evsim starts it, writes one JSON request per line on its stdin and reads one
JSON response per line from its stdout:

    build/release/cli/evsim gate --adapter "exec:python3 examples/python/evstore.py"

What it is:
  * Capabilities: core, index, snapshots, subscriptions, durability. It has no scavenge and no
    integrity, and answers `unsupported` for `scavenge` and `verify_stream`.
  * Background mode "adapter": no threads and no timers; a subscription's events are found
    synchronously inside `take_deliveries`, so nothing depends on timing.
  * Storage: one append-only JSON-lines file, DATA_DIR/events.jsonl, one record per mutation,
    written with os.write and made durable with os.fsync BEFORE the response is sent. `hello`
    replays the file into plain dicts and lists. The file is never compacted: it is an example.
  * Clock: only the request's `now_us`. Reading the real clock would make seeds unrepeatable.

stdout carries responses only; diagnostics go to stderr, which evsim shows in failure reports.
"""

import base64
import binascii
import bisect
import itertools
import json
import os
import sys
import traceback

NAME, VERSION, PROTOCOL = "pyevstore", "0.1.0", 1
CAPABILITIES = ["core", "index", "snapshots", "subscriptions", "durability"]
LOG_NAME = "events.jsonl"

# SPEC 1 and 2.2. hello's `limits` carries the same values "for information"; we take them
# from there when given so that the store and the harness cannot disagree.
DEFAULT_LIMITS = {
    "event_id_bytes_max": 128, "event_type_bytes_max": 256, "stream_id_bytes_max": 255,
    "event_data_bytes_max": 1 << 20, "batch_events_max": 10000, "batch_bytes_max": 16 << 20,
}
SNAPSHOT_BYTES_MAX = 16 << 20   # docs/semantics.md, Limits: snapshot data plus metadata
SUBSCRIPTIONS_MAX = 1024        # docs/semantics.md, Limits: live subscriptions per store
ANY, NO_STREAM, STREAM_EXISTS = -2, -1, -4


class StoreError(Exception):
    """An error answer: a code from wire-protocol.md section 7, a message, extra fields."""

    def __init__(self, code, message, **extra):
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


def bad_arg(message):
    return StoreError("invalid_argument", message)


# ---------------------------------------------------------------------------------------------
# Validation helpers. They only look at the request; checks against the store's state come
# later, because docs/semantics.md orders argument errors before state errors.

def is_int(v):
    # JSON true/false arrive as Python bools, and bool is a subclass of int: exclude them.
    return type(v) is int


def utf8_len(s):
    # Bounds are in bytes. surrogatepass: a JSON "\ud800" is legal JSON but not valid UTF-8,
    # and must not crash a length check.
    return len(s.encode("utf-8", "surrogatepass"))


def int_arg(req, name):
    v = req.get(name)
    if not is_int(v):
        raise bad_arg(f"'{name}' must be an integer")
    return v


def positive_int_arg(req, name):
    v = int_arg(req, name)
    if v <= 0:
        raise bad_arg(f"'{name}' must be > 0, got {v}")
    return v


def str_list_arg(req, name):
    v = req.get(name)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise bad_arg(f"'{name}' must be a list of strings")
    return v


def match_arg(obj):
    if obj.get("match") not in ("any", "all"):
        raise bad_arg("'match' must be \"any\" or \"all\"")
    return obj["match"]


def is_stream_id(s, max_bytes=255):
    # SPEC 1: 1..255 bytes, each in 0x21..0x7E (printable ASCII, no space). For this alphabet
    # Python's str order is bytewise order, which global order (SPEC 2.4) needs.
    return (isinstance(s, str) and 1 <= len(s) <= max_bytes
            and all(0x21 <= ord(c) <= 0x7E for c in s))


def check_stream_id(s, max_bytes=255):
    if not is_stream_id(s, max_bytes):
        raise StoreError("invalid_stream_id", f"stream id {s!r} is not 1..{max_bytes} bytes "
                         "of 0x21..0x7E")
    return s


def name_arg(req):
    # docs/semantics.md: subscription names use the stream-id alphabet, else invalid_argument.
    name = req.get("name")
    if not is_stream_id(name):
        raise bad_arg(f"subscription name {name!r} is not 1..255 bytes of 0x21..0x7E")
    return name


def parse_cursor(v, what):
    """null (the beginning) or [epoch_us, stream_id, version] -> None or a tuple.

    Any such tuple is a valid cursor (wire-protocol.md section 8), whether or not an event
    has it, so the stream id is not checked against the alphabet. Tuples compare like global
    order: epoch_us, then stream id (code-point order, which is UTF-8 byte order), then version.
    """
    if v is None:
        return None
    if (isinstance(v, list) and len(v) == 3 and is_int(v[0]) and isinstance(v[1], str)
            and is_int(v[2])):
        return (v[0], v[1], v[2])
    raise bad_arg(f"'{what}' must be null or [epoch_us, stream_id, version]")


def cursor_json(c):
    return None if c is None else list(c)


def decode_b64(s):
    """Standard base64 with padding -> bytes, or None when it is not that."""
    if not isinstance(s, str):
        return None
    try:
        return base64.b64decode(s.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None


def b64(b):
    return base64.b64encode(b).decode("ascii")


def is_str_map(m):
    return isinstance(m, dict) and all(isinstance(v, str) for v in m.values())


def str_map_bytes(m):
    return sum(utf8_len(k) + utf8_len(v) for k, v in m.items())


def trunc_div(a, b):
    # timestamp = epoch_us / 1000 as integer division in the SPEC's (C) sense: toward zero.
    # Python's // floors, which differs only for negative clocks, but be exact anyway.
    q = abs(a) // b
    return q if a >= 0 else -q


# ---------------------------------------------------------------------------------------------
# Events and selectors

EVENT_TEXT_FIELDS = ("event_id", "event_type", "data_content_type", "metadata_content_type")


def batch_bytes(events):
    """What counts against the 16 MiB batch bound (docs/semantics.md): the bytes of every
    client-set field. This runs before the events are validated, so it skips what is
    malformed (that event fails validation next) and sizes `data` from its base64 length."""
    total = 0
    for e in events:
        if not isinstance(e, dict):
            continue
        total += sum(utf8_len(e[f]) for f in EVENT_TEXT_FIELDS if isinstance(e.get(f), str))
        data = e.get("data")
        if isinstance(data, str):  # 4 characters carry 3 bytes, less one per padding '='
            total += len(data) // 4 * 3 - min(2, len(data) - len(data.rstrip("=")))
        if isinstance(e.get("metadata"), dict):
            total += sum(utf8_len(k) + (utf8_len(v) if isinstance(v, str) else 0)
                         for k, v in e["metadata"].items())
        if isinstance(e.get("tags"), list):
            total += sum(utf8_len(t) for t in e["tags"] if isinstance(t, str))
    return total


def parse_event_input(i, e, limits):
    """Validate one EventInput (SPEC 1) and return it with `data` in canonical base64."""
    def bad(why):
        return StoreError("invalid_event", f"event {i}: {why}")
    if not isinstance(e, dict):
        raise bad("not an object")
    for f in EVENT_TEXT_FIELDS:
        if not isinstance(e.get(f), str):
            raise bad(f"'{f}' must be a string")
    for f, bound in (("event_id", limits["event_id_bytes_max"]),
                     ("event_type", limits["event_type_bytes_max"])):
        if not 1 <= utf8_len(e[f]) <= bound:
            raise bad(f"'{f}' must be 1..{bound} bytes")
    data = decode_b64(e.get("data"))
    if data is None:
        raise bad("'data' is not standard padded base64")
    if len(data) > limits["event_data_bytes_max"]:
        raise bad(f"'data' is {len(data)} bytes, above {limits['event_data_bytes_max']}")
    if not is_str_map(e.get("metadata")):
        raise bad("'metadata' must be an object of strings")
    tags = e.get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise bad("'tags' must be a list of non-empty strings")
    if len(set(tags)) != len(tags):
        raise bad("'tags' has a duplicate")
    out = {f: e[f] for f in EVENT_TEXT_FIELDS}
    out.update(data=b64(data), metadata=dict(e["metadata"]), tags=list(tags))
    return out


def parse_selector(sel):
    """Validate a selector (wire-protocol.md section 8) and return a clean copy of it."""
    if not isinstance(sel, dict):
        raise bad_arg("'selector' must be an object")
    kind = sel.get("kind")
    if kind == "all":
        return {"kind": "all"}
    if kind == "by_stream":
        return {"kind": kind, "stream": check_stream_id(sel.get("stream"))}
    if kind == "by_event_type":
        if not isinstance(sel.get("event_type"), str):
            raise bad_arg("'selector.event_type' must be a string")
        return {"kind": kind, "event_type": sel["event_type"]}
    if kind == "by_event_pattern":
        pattern = sel.get("pattern")
        if not is_str_map(pattern):
            raise bad_arg("'selector.pattern' must be an object of strings")
        for key in pattern:
            if key not in ("event_type", "stream_id") and not key.startswith("metadata."):
                raise bad_arg(f"pattern key {key!r} is not event_type, stream_id or "
                              "metadata.<key>")
        return {"kind": kind, "pattern": dict(pattern)}
    if kind == "by_tags":
        return {"kind": kind, "tags": str_list_arg(sel, "tags"), "match": match_arg(sel)}
    raise bad_arg(f"unknown selector kind {kind!r}")


def tags_match(have, want, match):
    if not want:  # SPEC 5 and 8: an empty tag list matches nothing
        return False
    test = any if match == "any" else all
    return test(t in have for t in want)


def pattern_field(ev, key):
    if key.startswith("metadata."):
        return ev["metadata"].get(key[len("metadata."):])
    return ev[key]


def selector_matches(sel, ev):
    kind = sel["kind"]
    if kind == "all":
        return True
    if kind == "by_stream":
        return ev["stream_id"] == sel["stream"]
    if kind == "by_event_type":
        return ev["event_type"] == sel["event_type"]
    if kind == "by_event_pattern":
        return all(pattern_field(ev, k) == v for k, v in sel["pattern"].items())
    return tags_match(ev["tags"], sel["tags"], sel["match"])


# ---------------------------------------------------------------------------------------------
# The log: one JSON object per line. A mutation is acknowledged only after its line is fully
# written and fsync'ed, so every acknowledged mutation survives a kill (SPEC 2.5), and a line
# is the unit of atomicity: a batch is one line, so it is wholly present or wholly absent.

class Log:
    def __init__(self, data_dir):
        self.path = os.path.join(data_dir, LOG_NAME)
        self.fd = None
        self.size = 0         # bytes of complete records: where the next one starts
        self.broken = False   # a failed write could not be taken back; refuse more

    def open(self):
        """Open (or create) the log and return its records as (line number, dict) pairs."""
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        created = not os.path.exists(self.path)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        if created:
            # The new file's name lives in the directory: sync it too, or a power loss could
            # lose the whole log. (A kill cannot; this is just the correct habit.)
            dfd = os.open(os.path.dirname(self.path), os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        with open(self.path, "rb") as f:
            data = f.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            # A final line without its newline was being written when the process died. Its
            # mutation was never acknowledged (we answer only after the fsync), so dropping
            # it is correct; truncate so the next record does not glue onto it.
            log(f"{self.path}: dropping a torn final line of {len(data) - end} bytes")
            os.ftruncate(self.fd, end)
            os.fsync(self.fd)
        self.size = end
        records = []
        for number, line in enumerate(data[:end].split(b"\n")[:-1], start=1):
            try:
                record = json.loads(line.decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                record = None
            if not isinstance(record, dict) or not isinstance(record.get("t"), str):
                # A complete line that does not parse was damaged after it was acknowledged:
                # we cannot guess what it held, and skipping it could lose data.
                raise StoreError("corruption", f"{self.path} line {number}: not a log record")
            records.append((number, record))
        return records

    def write(self, record):
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")
        if self.broken:
            raise StoreError("io_error", f"{self.path} is in an unknown state after a failed write")
        try:
            done = os.write(self.fd, line)  # one write of the whole line...
            while done < len(line):         # ...unless the OS takes less (full disk, signal)
                done += os.write(self.fd, line[done:])
            os.fsync(self.fd)
        except OSError as e:
            # Take the partial line back so the file ends on a record boundary again; the
            # harness will kill and restart us and check that the mutation is all or nothing.
            try:
                os.ftruncate(self.fd, self.size)
            except OSError:
                # The line may be complete on disk yet absent from memory: a later record
                # would then contradict it. Refuse all writes until a restart replays the log.
                self.broken = True
            raise StoreError("io_error", f"writing {self.path}: {e}")
        self.size += len(line)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# ---------------------------------------------------------------------------------------------
# The store's state. Every mutation is a log record; `apply` is the only code that changes
# state, and it runs both when replaying the log at start and after writing a new record, so
# a restarted store is built by exactly the code that built the one that was killed.

class Store:
    def __init__(self, log_, limits):
        self.log, self.limits = log_, limits
        self.config = None        # {"indexes": [...], "integrity": bool}, the first record
        self.streams = {}         # stream id -> its events; list index == version (no scavenge)
        self.order = []           # every present event, in global order
        self.keys = []            # (epoch_us, stream_id, version) of each event in self.order
        self.last_epoch_us = None  # the highest epoch_us ever handed out, deleted or not
        self.snapshots = {}       # stream id -> {version: Snapshot}
        self.subs = {}            # name -> {"selector": ..., "checkpoint": cursor}; durable
        self.session = {}         # name -> cursor handed out so far by THIS process

    # -- applying records -----------------------------------------------------------------

    def apply(self, r):
        getattr(self, "apply_" + r["t"])(r)

    def apply_config(self, r):
        self.config = {"indexes": r["indexes"], "integrity": r["integrity"]}

    def apply_append(self, r):
        stream, epoch = r["stream"], r["epoch_us"]
        events = self.streams.setdefault(stream, [])
        # Self-checks: a log that breaks them was not written by this code.
        if r["from_version"] != len(events) or not r["events"]:
            raise ValueError(f"append at {r['from_version']}, stream at {len(events) - 1}")
        if self.last_epoch_us is not None and epoch <= self.last_epoch_us:
            raise ValueError(f"epoch_us {epoch} is not above {self.last_epoch_us}")
        for e in r["events"]:
            ev = dict(e, stream_id=stream, version=len(events), timestamp=trunc_div(epoch, 1000),
                      epoch_us=epoch)
            events.append(ev)
            # epoch_us only grows, so appending at the end keeps self.order in global order.
            self.order.append(ev)
            self.keys.append((epoch, stream, ev["version"]))
        self.last_epoch_us = epoch

    def apply_delete_stream(self, r):
        self.streams.pop(r["stream"], None)
        self.snapshots.pop(r["stream"], None)
        keep = [i for i, k in enumerate(self.keys) if k[1] != r["stream"]]
        self.order = [self.order[i] for i in keep]
        self.keys = [self.keys[i] for i in keep]
        # last_epoch_us stays: a checkpoint may name a deleted event, and a later event
        # sorting at or below it would be skipped (docs/semantics.md, Append).

    def apply_save_snapshot(self, r):
        snap = {k: r[k] for k in ("version", "data", "metadata", "timestamp")}
        self.snapshots.setdefault(r["stream"], {})[r["version"]] = dict(snap, stream_id=r["stream"])

    def apply_delete_snapshot(self, r):
        self.snapshots.get(r["stream"], {}).pop(r["version"], None)

    def apply_delete_all_snapshots(self, r):
        self.snapshots.pop(r["stream"], None)

    def apply_subscribe(self, r):
        cursor = parse_cursor(r["checkpoint"], "checkpoint")
        self.subs[r["name"]] = {"selector": r["selector"], "checkpoint": cursor}
        self.session[r["name"]] = cursor

    def apply_unsubscribe(self, r):
        self.subs.pop(r["name"], None)
        self.session.pop(r["name"], None)

    def apply_ack(self, r):
        self.subs[r["name"]]["checkpoint"] = parse_cursor(r["cursor"], "cursor")

    def start_session(self):
        """After replay: every subscription hands out again from its durable checkpoint."""
        self.session = {name: sub["checkpoint"] for name, sub in self.subs.items()}

    def mutate(self, record):
        self.log.write(record)  # durable first: only then does anyone see it
        self.apply(record)

    # -- helpers ----------------------------------------------------------------------------

    def stream_arg(self, req):
        return check_stream_id(req.get("stream"), self.limits["stream_id_bytes_max"])

    def head(self, stream):
        """H(s): the stream's current version, -1 when it has none."""
        return len(self.streams.get(stream, ())) - 1

    def after(self, cursor):
        """Index in self.order of the first event strictly after `cursor`."""
        return 0 if cursor is None else bisect.bisect_right(self.keys, cursor)

    def scan(self, predicate, limit):
        """The first `limit` present events that match, in global order; stops early."""
        return list(itertools.islice(filter(predicate, self.order), limit))

    def subscription(self, name):
        if name not in self.subs:
            raise StoreError("not_found", f"no subscription named {name}")
        return self.subs[name]

    # -- core (SPEC 2, 3, 4) ------------------------------------------------------------------

    def op_append(self, req, now_us):
        # Check order from docs/semantics.md: stream id, expected-version value, batch bounds,
        # each event, and only then the expected version against H(s).
        stream = self.stream_arg(req)
        expected = req.get("expected_version")
        if not is_int(expected) or expected < 0 and expected not in (ANY, NO_STREAM, STREAM_EXISTS):
            raise bad_arg(f"expected_version {expected!r} is not -2, -1, -4 or >= 0")
        events = req.get("events")
        if not isinstance(events, list):
            raise bad_arg("'events' must be a list")
        lim = self.limits
        if len(events) > lim["batch_events_max"]:
            raise bad_arg(f"batch of {len(events)} events, above {lim['batch_events_max']}")
        size = batch_bytes(events)
        if size > lim["batch_bytes_max"]:
            raise bad_arg(f"batch of {size} bytes, above {lim['batch_bytes_max']}")
        inputs = [parse_event_input(i, e, lim) for i, e in enumerate(events)]
        h = self.head(stream)
        if not (expected == ANY or (expected == NO_STREAM and h == -1)
                or (expected == STREAM_EXISTS and h >= 0) or expected == h):
            raise StoreError("wrong_expected_version", f"expected {expected}, stream is at {h}",
                             expected=expected, actual=h)
        if not inputs:  # an empty batch creates nothing and reads no clock
            return {"version": h}
        # SPEC 2.3: one clock reading per batch, strictly above every epoch handed out before.
        epoch = now_us if self.last_epoch_us is None else max(now_us, self.last_epoch_us + 1)
        self.mutate({"t": "append", "stream": stream, "from_version": h + 1, "epoch_us": epoch,
                     "events": inputs})
        return {"version": h + len(inputs)}

    def op_read(self, req, now_us):
        stream = self.stream_arg(req)
        start, count = int_arg(req, "from"), int_arg(req, "count")
        direction = req.get("direction")
        if direction not in ("forward", "backward"):
            raise bad_arg("'direction' must be \"forward\" or \"backward\"")
        if start < 0 or count <= 0:
            raise bad_arg(f"read needs from >= 0 and count > 0, got from={start} count={count}")
        events = self.streams.get(stream)
        if not events:
            raise StoreError("stream_not_found", f"no stream {stream}")
        if direction == "forward":  # slices clip, so from + count cannot overflow anything
            return {"events": events[start:start + count]}
        return {"events": events[max(0, start - count + 1):start + 1][::-1]}

    def op_version(self, req, now_us):
        return {"version": self.head(self.stream_arg(req))}

    def op_exists(self, req, now_us):
        return {"exists": self.head(self.stream_arg(req)) >= 0}

    def op_list_streams(self, req, now_us):
        return {"streams": sorted(self.streams)}

    def op_read_global(self, req, now_us):
        cursor = parse_cursor(req.get("after"), "after")
        limit = positive_int_arg(req, "limit")
        i = self.after(cursor)
        return {"events": self.order[i:i + limit]}

    def op_delete_stream(self, req, now_us):
        stream = self.stream_arg(req)
        if stream in self.streams:  # deleting an unknown stream is ok and changes nothing
            self.mutate({"t": "delete_stream", "stream": stream})
        return {}

    # -- index (SPEC 5): scans; a small store may, a declared index in a big one may not ------

    def op_lookup_tags(self, req, now_us):
        tags, match = str_list_arg(req, "tags"), match_arg(req)
        limit = positive_int_arg(req, "limit")
        return {"events": self.scan(lambda ev: tags_match(ev["tags"], tags, match), limit)}

    def op_lookup_types(self, req, now_us):
        types, limit = set(str_list_arg(req, "types")), positive_int_arg(req, "limit")
        return {"events": self.scan(lambda ev: ev["event_type"] in types, limit)}

    def op_lookup_meta(self, req, now_us):
        key, value = req.get("key"), req.get("value")
        if not isinstance(key, str) or not isinstance(value, str):
            raise bad_arg("'key' and 'value' must be strings")
        limit = positive_int_arg(req, "limit")
        return {"events": self.scan(lambda ev: ev["metadata"].get(key) == value, limit)}

    # -- snapshots (SPEC 6) -----------------------------------------------------------------

    def op_save_snapshot(self, req, now_us):
        stream, version = self.stream_arg(req), int_arg(req, "version")
        data, metadata = decode_b64(req.get("data")), req.get("metadata")
        if data is None:
            raise bad_arg("'data' is not standard padded base64")
        if not is_str_map(metadata):
            raise bad_arg("'metadata' must be an object of strings")
        if len(data) + str_map_bytes(metadata) > SNAPSHOT_BYTES_MAX:
            raise bad_arg(f"snapshot above {SNAPSHOT_BYTES_MAX} bytes")
        h = self.head(stream)
        if not 0 <= version <= h:
            raise bad_arg(f"snapshot version {version} is outside 0..{h} of {stream}")
        self.mutate({"t": "save_snapshot", "stream": stream, "version": version, "data": b64(data),
                     "metadata": dict(metadata), "timestamp": trunc_div(now_us, 1000)})
        return {"snapshot": self.snapshots[stream][version]}

    def op_read_latest_snapshot(self, req, now_us):
        stream = self.stream_arg(req)
        snaps = self.snapshots.get(stream)
        if not snaps:
            raise StoreError("not_found", f"no snapshot of {stream}")
        return {"snapshot": snaps[max(snaps)]}

    def op_read_snapshot_at(self, req, now_us):
        stream, version = self.stream_arg(req), int_arg(req, "version")
        snap = self.snapshots.get(stream, {}).get(version)
        if snap is None:
            raise StoreError("not_found", f"no snapshot of {stream} at {version}")
        return {"snapshot": snap}

    def op_list_snapshots(self, req, now_us):
        snaps = self.snapshots.get(self.stream_arg(req), {})
        return {"snapshots": [snaps[v] for v in sorted(snaps)]}

    def op_delete_snapshot_at(self, req, now_us):
        stream, version = self.stream_arg(req), int_arg(req, "version")
        if version in self.snapshots.get(stream, {}):  # idempotent: absent is ok
            self.mutate({"t": "delete_snapshot", "stream": stream, "version": version})
        return {}

    def op_delete_all_snapshots(self, req, now_us):
        stream = self.stream_arg(req)
        if self.snapshots.get(stream):
            self.mutate({"t": "delete_all_snapshots", "stream": stream})
        return {}

    # -- subscriptions (SPEC 8) ----------------------------------------------------------------

    def op_subscribe(self, req, now_us):
        name, selector = name_arg(req), parse_selector(req.get("selector"))
        start = req.get("start")
        kind = start.get("kind") if isinstance(start, dict) else None
        if kind == "beginning":
            cursor = None
        elif kind == "end":  # the greatest present event, or the beginning of an empty store
            cursor = self.keys[-1] if self.keys else None
        elif kind == "after":
            cursor = parse_cursor(start.get("cursor"), "start.cursor")
        else:
            raise bad_arg("'start' must be {kind: beginning | end | after}")
        if name in self.subs:
            raise bad_arg(f"subscription {name} already exists")
        if len(self.subs) >= SUBSCRIPTIONS_MAX:
            raise bad_arg(f"a store holds at most {SUBSCRIPTIONS_MAX} subscriptions")
        self.mutate({"t": "subscribe", "name": name, "selector": selector,
                     "checkpoint": cursor_json(cursor)})
        return {}

    def op_unsubscribe(self, req, now_us):
        name = name_arg(req)
        if name in self.subs:  # idempotent, like delete_stream
            self.mutate({"t": "unsubscribe", "name": name})
        return {}

    def op_ack(self, req, now_us):
        name, cursor = name_arg(req), parse_cursor(req.get("cursor"), "cursor")
        checkpoint = self.subscription(name)["checkpoint"]
        # A checkpoint only moves forward; an ack at or behind it succeeds and changes nothing.
        # It does not touch self.session: what this session still owes is unchanged.
        if cursor is not None and (checkpoint is None or cursor > checkpoint):
            self.mutate({"t": "ack", "name": name, "cursor": cursor_json(cursor)})
        return {}

    def op_take_deliveries(self, req, now_us):
        name, limit = name_arg(req), positive_int_arg(req, "max_events")
        selector = self.subscription(name)["selector"]
        out, last = [], None
        for i in range(self.after(self.session[name]), len(self.order)):
            last = self.keys[i]
            if selector_matches(selector, self.order[i]):
                out.append(self.order[i])
                if len(out) == limit:
                    break
        # Move the session cursor past everything examined, matched or not: any event
        # appended later gets a larger epoch_us, so it sorts after `last` and is not missed.
        # Deleted events are simply absent from self.order, so they are skipped.
        if last is not None:
            self.session[name] = last
        return {"events": out}

    def op_list_subscriptions(self, req, now_us):
        return {"subscriptions": [
            {"name": n, "selector": s["selector"], "checkpoint": cursor_json(s["checkpoint"])}
            for n, s in sorted(self.subs.items())]}


# ---------------------------------------------------------------------------------------------
# The protocol loop: one request line in, one response line out, never a crash.

OPERATIONS = {name[3:] for name in dir(Store) if name.startswith("op_")}
UNSUPPORTED = {"scavenge": "scavenge", "verify_stream": "integrity"}


def log(message):
    print(f"pyevstore: {message}", file=sys.stderr, flush=True)


def reject_constant(name):
    raise ValueError(f"{name} is not JSON the protocol allows")


class Server:
    def __init__(self):
        self.store = None

    def hello(self, req):
        if self.store is not None:
            raise bad_arg("hello was already answered in this process")
        if req.get("protocol") != PROTOCOL:
            raise StoreError("unsupported", f"protocol {req.get('protocol')!r}; "
                             f"this adapter speaks {PROTOCOL}")
        data_dir = req.get("data_dir")
        if not isinstance(data_dir, str) or not data_dir:
            raise bad_arg("hello needs 'data_dir'")
        config = req.get("config") if isinstance(req.get("config"), dict) else {}
        indexes = config.get("indexes", [])
        if not isinstance(indexes, list) or not all(isinstance(x, str) for x in indexes):
            raise bad_arg("'config.indexes' must be a list of strings")
        integrity = config.get("integrity")
        integrity = isinstance(integrity, dict) and integrity.get("enabled") is True
        if integrity:
            # evsim does not send this to an adapter without the capability; start anyway,
            # but say so: events carry no integrity fields.
            log("integrity is enabled in hello but this adapter has no integrity; ignoring it")
        limits = dict(DEFAULT_LIMITS)
        given = req.get("limits") if isinstance(req.get("limits"), dict) else {}
        limits.update({k: v for k, v in given.items() if k in limits and is_int(v) and v > 0})

        wal = Log(data_dir)
        try:
            records = wal.open()
            store = Store(wal, limits)
            for number, record in records:
                try:
                    store.apply(record)
                except (KeyError, TypeError, ValueError, AttributeError, StoreError) as e:
                    raise StoreError("corruption", f"{wal.path} line {number}: bad "
                                     f"{record.get('t')!r} record: {e}")
            store.start_session()
            mine = {"indexes": sorted(set(indexes)), "integrity": integrity}
            if store.config is None:
                store.mutate(dict(mine, t="config"))  # a new store: remember how it was made
            elif store.config != mine:
                raise bad_arg(f"{data_dir} was created with {store.config}; a reopen may not "
                              f"change the indexes or switch integrity (got {mine})")
        except OSError as e:
            wal.close()
            raise StoreError("io_error", f"opening {wal.path}: {e}")
        except StoreError:
            wal.close()
            raise
        log(f"opened {wal.path}: replayed {len(records)} records, "
            f"{len(store.order)} events in {len(store.streams)} streams, "
            f"{len(store.subs)} subscriptions")
        self.store = store
        return {"protocol": PROTOCOL, "name": NAME, "version": VERSION,
                "capabilities": CAPABILITIES, "background": "adapter"}

    def dispatch(self, req):
        """Answer one parsed request: the result dict, or raise StoreError."""
        op = req.get("op")
        if not isinstance(op, str):
            raise bad_arg("request has no 'op'")
        now_us = req.get("now_us")
        if not is_int(now_us):
            raise bad_arg("request has no integer 'now_us'")
        if op == "hello":
            return self.hello(req)
        if op in UNSUPPORTED:
            raise StoreError("unsupported", f"{op} needs the '{UNSUPPORTED[op]}' capability, "
                             "which pyevstore does not implement")
        if op in ("pending_work", "run_work"):
            # Harness mode only; in adapter mode there is never queued work.
            return {"items": []} if op == "pending_work" else {"ran": None}
        if op == "close":
            return {}  # every mutation is already durable; run() exits after answering
        if op not in OPERATIONS:
            raise bad_arg(f"unknown op {op!r}")
        if self.store is None:
            raise bad_arg(f"{op} before hello")
        return getattr(self.store, "op_" + op)(req, now_us)

    def handle(self, raw):
        """One request line -> (response dict, whether to exit afterwards)."""
        try:
            req = json.loads(raw.decode("utf-8"), parse_constant=reject_constant)
        except (ValueError, UnicodeDecodeError, RecursionError) as e:
            req = f"malformed request line: {e}"
        if not isinstance(req, dict):
            # No id to answer by: say so with a null id and carry on reading.
            message = req if isinstance(req, str) else "a request must be a JSON object"
            return {"id": None, "ok": False,
                    "error": {"code": "invalid_argument", "message": message}}, False
        try:
            result = self.dispatch(req)
            return {"id": req.get("id"), "ok": True, "result": result}, req.get("op") == "close"
        except StoreError as e:
            error = dict(e.extra, code=e.code, message=e.message)
        except Exception as e:  # a bug in this adapter
            # Never crash: report it as a storage failure, which makes the harness kill and
            # restart us and check that the mutation is all or nothing, the safe reading.
            log("internal error:\n" + traceback.format_exc())
            error = {"code": "io_error", "message": f"internal error: {e!r}"}
        return {"id": req.get("id"), "ok": False, "error": error}, False

    def run(self):
        out = sys.stdout.buffer
        for raw in sys.stdin.buffer:
            response, stop = self.handle(raw)
            # ensure_ascii (the default) keeps the line pure ASCII: non-ASCII text and even
            # lone surrogates travel as \u escapes and decode to the same string.
            out.write(json.dumps(response, separators=(",", ":")).encode("ascii") + b"\n")
            out.flush()
            if stop:
                break
        if self.store is not None:
            self.store.log.close()  # every record is already fsync'ed: nothing to flush
        return 0


if __name__ == "__main__":
    sys.exit(Server().run())
