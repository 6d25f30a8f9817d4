#!/usr/bin/env python3
"""Converts the official CAMEO -> PLOVER table into data/plover/cameo2plover.tsv.

Usage: python3 scripts/plover_table.py ../shared/plover/CAMEO2PLOVER-2021.txt > data/plover/cameo2plover.tsv

Source: CAMEO2PLOVER-2021.txt of the Open Event Data Alliance's PLOVER repository
(PLOVER manual draft 0.8, 17 September 2021), CC BY-SA 4.0; see data/plover/README.md.
Each `CODE: TYPE, MODE, CONTEXT # name` line becomes one row with its fields
trimmed; a root line (`03: AGREE`) has only a type. Nothing is added or changed;
of a code listed twice the first line is kept (the table repeats root 08 as the
head of its CONCEDE and RETREAT sections, and 175 with the same fields).
"""
import sys

HEADER = (
    "# CAMEO to PLOVER conversion table, Open Event Data Alliance (PLOVER manual draft 0.8, 2021),\n"
    "# CC BY-SA 4.0. Converted by scripts/plover_table.py from CAMEO2PLOVER-2021.txt; see README.md.\n"
    "#cameo\tplover_type\tplover_mode\tplover_context\tcameo_name\n"
)


def main():
    out = [HEADER]
    seen = set()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("~~~"):
                break
            if not line.strip() or line.startswith("#"):
                continue
            body, _, comment = line.partition("#")
            code, _, rest = body.partition(":")
            code = code.strip()
            if not code.isdigit():
                raise SystemExit(f"unexpected line: {line!r}")
            fields = [x.strip() for x in rest.split(",")]
            fields += [""] * (3 - len(fields))
            if len(fields) > 3:
                raise SystemExit(f"more than three fields: {line!r}")
            if code in seen:
                # The table repeats two lines: the root 08 heads two sections
                # (CONCEDE for 080-083, RETREAT for 084-087), and 175 is listed
                # twice with the same fields. The first line of a code is kept.
                print(f"repeated code {code} ({', '.join(fields)}): first line kept", file=sys.stderr)
                continue
            seen.add(code)
            out.append("\t".join([code, *fields, " ".join(comment.split())]) + "\n")
    sys.stdout.write("".join(out))
    print(f"{len(seen)} codes", file=sys.stderr)


if __name__ == "__main__":
    main()
