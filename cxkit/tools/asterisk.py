"""Asterisk call detail records: ``cdr_csv``'s ``Master.csv``, written with no header row.

The documented order of its fields (Asterisk's ``README.cdr`` / "CDR Variables"): accountcode, src, dst, dcontext,
clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition, amaflags, then
uniqueid when ``loguniqueid`` is on and userfield when ``loguserfield`` is on (16, 17 or 18 columns). ``duration``
runs from the call's start to hang-up, ``billsec`` from answer to hang-up (the talk time), so ``duration`` −
``billsec`` is the wait of the calls model (start to answer, or to hang-up when never answered); ``answer`` is
empty for a call never answered; ``disposition`` is ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION. ``dst`` is
the extension dialled (a queue or a person's extension), the queue of the calls model. The same field names
written as headers (a database table of CDRs, whose start is ``calldate``) are read the same way.
"""

from cxkit.tools import Layout, Signature, Tool, register

_FIELDS = ("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
           "start", "answer", "end", "duration", "billsec", "disposition", "amaflags")
_COLUMNS = {"start": "started_at", "calldate": "started_at", "dst": "queue", "disposition": "outcome",
            "billsec": "talk_seconds", "uniqueid": "call_id"}
_SHAPES = {"start": "date", "end": "date", "duration": "number", "billsec": "number"}
# the seconds from the start to the answer, or to the hang-up of a call never answered: the wait of the calls model
_DIFFERENCES = {"wait_seconds": ("duration", "billsec")}
_WORDS = {"disposition": ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"),
          "amaflags": ("DOCUMENTATION", "BILLING", "BILL", "OMIT", "IGNORE", "DEFAULT")}

register(Tool(
    "asterisk",
    "calls",
    signatures=(Signature(all_of=("src", "dst", "dcontext", "billsec", "disposition")),),
    layouts=(
        # uniqueid (an epoch and a sequence number, 1733560000.42) and, after it, userfield
        Layout((*_FIELDS, "uniqueid", "userfield"), _COLUMNS, widths=(16, 17, 18),
               shapes={**_SHAPES, "uniqueid": "number"}, words=_WORDS,
               differences=_DIFFERENCES),
        # userfield without uniqueid
        Layout((*_FIELDS, "userfield"), _COLUMNS, widths=(17,), shapes=_SHAPES, words=_WORDS,
               differences=_DIFFERENCES),
    ),
))
