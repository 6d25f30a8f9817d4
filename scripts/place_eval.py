#!/usr/bin/env python3
"""Place accuracy of `dyad code` on the news development set.

Usage:
    dyad code ../shared/eval/news/2*.txt > /tmp/news.jsonl
    python3 scripts/place_eval.py eval/news_places.tsv /tmp/news.jsonl

Each gold row of eval/news_places.tsv (hand annotations, same order as
../shared/eval/news/gold.tsv) is matched to dyad's event of the same article whose
sentence contains the evidence, preferring the same source and target countries.
For matched events it reports: country accuracy where the gold has a place,
place accuracy (within 100 km) where the gold names a city or site, and how often
dyad gives a place where the article says none. Split by stated/inferred.
"""
import json
import math
import sys
from collections import Counter


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    d = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(d))


def main():
    gold = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#")]
    events = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
    c = Counter()
    rows = []
    for gid, src, tgt, evidence, name, country, lat, lon, level, basis in gold:
        cands = [e for e in events if e["article"] == gid and evidence in e["sentence"]]
        same = [e for e in cands if e["source_country"] == src and e["target_country"] == tgt]
        e = (same or cands or [None])[0]
        c["gold"] += 1
        if e is None:
            rows.append((gid, evidence, name, "(event not coded)"))
            continue
        c["matched"] += 1
        got = e.get("place_name")
        if level == "none":
            c["none"] += 1
            c["none_placed"] += got is not None
            rows.append((gid, evidence, "-", f"{got} ({e.get('place_how')})" if got else "-"))
            continue
        c[f"{basis}"] += 1
        c[f"{basis}_placed"] += got is not None
        ok_country = got is not None and e.get("place_country") == country
        c[f"{basis}_country"] += ok_country
        if level == "place":
            c[f"{basis}_site"] += 1
            near = got is not None and km((float(lat), float(lon)), (e["place_lat"], e["place_lon"])) <= 100
            c[f"{basis}_site_ok"] += near
        rows.append((gid, evidence, f"{name} ({country})", f"{got} ({e.get('place_country')}, {e.get('place_how')})" if got else "-"))
    for r in rows:
        print("\t".join(r))
    pct = lambda a, b: f"{c[a]}/{c[b]} ({100 * c[a] / c[b]:.0f}%)" if c[b] else "0/0"
    print(f"\ngold events {c['gold']}, coded by dyad {c['matched']}")
    for basis in ("stated", "inferred"):
        print(f"{basis}: placed {pct(basis + '_placed', basis)}, right country {pct(basis + '_country', basis)}, "
              f"city/site within 100 km {pct(basis + '_site_ok', basis + '_site')}")
    print(f"no place in the article: dyad gave one anyway {pct('none_placed', 'none')}")


if __name__ == "__main__":
    main()
