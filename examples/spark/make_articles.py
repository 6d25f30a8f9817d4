"""Generate a JSONL corpus of news-like articles from dyad's bundled examples.

    python3 examples/spark/make_articles.py --n 20000 --out articles.jsonl

Each article is 3 to 5 sentences drawn from the example articles, with the
countries and weekdays varied, a publication date between 2015 and 2024, a
source and a URL; some are HTML. No two articles share more than 2 of their
sentences, so they are not near-duplicates of each other. About one article in
seven is republished by other sources as an exact syndicated copy (another
id, source and URL, the same day or a day later). A few articles have no
publication date. Lines are written in order of (publication date, id), dated
ones first: the order in which `dyad ingest` and examples/spark/dyad_spark.py
both take the earliest copy as the original. Deterministic for a given --seed.
"""

import argparse
import datetime
import html
import itertools
import json
import pathlib
import random
import re

COUNTRY_MAPS = [
    {},
    {"Japanese": "German", "Japan": "Germany", "Russian": "Brazilian", "Russia": "Brazil",
     "Chinese": "Indian", "China": "India", "Tokyo": "Berlin", "Moscow": "Brasilia",
     "Beijing": "New Delhi", "Kremlin": "Planalto"},
    {"Japanese": "French", "Japan": "France", "Russian": "Turkish", "Russia": "Turkey",
     "Chinese": "Iranian", "China": "Iran", "Tokyo": "Paris", "Moscow": "Ankara",
     "Beijing": "Tehran", "Kremlin": "Turkish presidency"},
    {"Japanese": "South Korean", "Japan": "South Korea", "Russian": "Egyptian", "Russia": "Egypt",
     "Chinese": "Vietnamese", "China": "Vietnam", "Tokyo": "Seoul", "Moscow": "Cairo",
     "Beijing": "Hanoi", "Kremlin": "Egyptian presidency"},
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["Example Wire", "Daily Ledger", "Global Times Herald", "Evening Post", "Asia Monitor",
           "Euro Courier", "Morning Star", "The Observer Desk", "Capital News", "Harbor Gazette"]


def example_sentences(folder):
    """Sentences of the bundled example articles (body paragraphs only)."""
    paras = []
    for p in sorted(folder.iterdir()):
        if p.suffix == ".txt":
            paras += p.read_text(encoding="utf-8").split("\n")
        elif p.suffix == ".html":
            paras += [html.unescape(m) for m in re.findall(r"<p>(.*?)</p>", p.read_text(encoding="utf-8"))]
        elif p.suffix == ".jsonl":
            for line in p.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    paras += json.loads(line).get("text", "").split("\n")
    out = []
    for para in paras:
        para = para.strip()
        if len(para) > 40 and para.endswith("."):
            out += [s for s in re.split(r"(?<=\.) (?=[A-Z])", para) if len(s) > 40]
    return sorted(set(out))


def vary(sentence, cmap):
    for a, b in cmap.items():
        sentence = re.sub(rf"\b{a}\b", b, sentence)
    return sentence


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="lines to write (originals and copies)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--examples", default=str(pathlib.Path(__file__).resolve().parents[1]))
    ap.add_argument("--seed", type=int, default=12)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    base = example_sentences(pathlib.Path(a.examples))
    # The pool: each example sentence under each country map (distinct texts).
    pool = sorted({vary(s, m) for s in base for m in COUNTRY_MAPS})
    used = set()
    rows = []
    start = datetime.date(2015, 1, 1)
    i = 0
    while len(rows) < a.n:
        k = rnd.randint(3, 5)
        pick = sorted(rnd.sample(range(len(pool)), k))
        subsets = list(itertools.combinations(pick, 3))
        if any(s in used for s in subsets):
            continue
        used.update(subsets)
        rnd.shuffle(pick)
        day = rnd.choice(WEEKDAYS)
        sents = [re.sub(r"\b(%s)\b" % "|".join(WEEKDAYS), day, pool[j]) for j in pick]
        published = start + datetime.timedelta(days=rnd.randrange(3653))
        aid = f"gen-{i:06d}"
        i += 1
        source = rnd.choice(SOURCES)
        row = {"id": aid, "published": published.isoformat(), "source": source,
               "url": f"https://news.example/{source.lower().replace(' ', '-')}/{aid}"}
        if rnd.random() < 0.01:
            del row["published"]
        if rnd.random() < 0.05:
            row["html"] = "<html><body><article>" + "".join(
                f"<p>{html.escape(s)}</p>" for s in sents) + "</article></body></html>"
        else:
            row["text"] = "\n\n".join(sents)
        rows.append(row)
        if rnd.random() < 1 / 7:
            for c in range(rnd.randint(1, 3)):
                if len(rows) >= a.n:
                    break
                src = rnd.choice(SOURCES)
                copy = dict(row, id=f"{aid}-c{c + 1}", source=src,
                            url=f"https://news.example/{src.lower().replace(' ', '-')}/{aid}-c{c + 1}")
                if "published" in row:
                    copy["published"] = (published + datetime.timedelta(days=rnd.randint(0, 1))).isoformat()
                rows.append(copy)
    rows.sort(key=lambda r: (r.get("published", "9999-99-99"), r["id"]))
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
