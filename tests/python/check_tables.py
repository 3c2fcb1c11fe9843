"""Check a `concord run` output directory the way a researcher would use it.

Usage: python check_tables.py RUN_DIR

Loads every table from Arrow IPC (pyarrow) and Parquet (polars, DuckDB),
checks the documented minimum columns and types, the offsets into the
original files, and that the demo corpus yields the GPS-5.6 / GPT-5.6
disagreement. Exits 1 with a list of failures.
"""
import json
import pathlib
import sys

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

REQUIRED = {
    "documents": ["doc_id", "source", "lang", "title", "n_sentences", "status", "event_id"],
    "events": ["event_id", "label", "label_doc", "n_documents", "doc_ids", "first_date",
               "last_date"],
    "sentences": ["sentence_id", "doc_id", "idx", "lang", "text", "original_text",
                  "byte_start", "byte_end"],
    "removed": ["doc_id", "byte_start", "byte_end", "reason", "text"],
    "changes": ["doc_id", "stage", "edits", "examples"],
    "embeddings": ["sentence_id", "vector", "model"],
    "alignments": ["alignment_id", "doc_a", "doc_b", "sentence_a", "sentence_b",
                   "cosine", "margin", "method"],
    "facts": ["fact_id", "sentence_id", "doc_id", "kind", "surface", "normalized",
              "byte_start", "byte_end"],
    "disagreements": ["flag_id", "kind", "alignment_id", "sentence_a", "sentence_b",
                      "value_a", "value_b", "confidence", "event_id"],
}

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)


def main() -> int:
    run = pathlib.Path(sys.argv[1])
    manifest = json.loads((run / "manifest.json").read_text())
    corpus_root = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
    tables = {}
    for name, cols in REQUIRED.items():
        arrow = ipc.open_file(str(run / f"{name}.arrow")).read_all()
        tables[name] = arrow
        for c in cols:
            check(c in arrow.column_names, f"{name}.arrow lacks column {c}")
        pq = pl.read_parquet(run / f"{name}.parquet")
        check(pq.height == arrow.num_rows, f"{name}: parquet rows {pq.height} != arrow rows {arrow.num_rows}")
        n = duckdb.sql(f"select count(*) from read_parquet('{run / (name + '.parquet')}')").fetchall()[0][0]
        check(n == arrow.num_rows, f"{name}: duckdb rows {n} != {arrow.num_rows}")
        counted = manifest["counts"].get(name)
        if counted is not None:
            check(counted == arrow.num_rows, f"manifest counts {name}={counted} but table has {arrow.num_rows}")

    # Events: every processed document is in exactly one event, and no
    # alignment or flag joins documents of two events.
    event_of = {d["doc_id"]: d["event_id"] for d in tables["documents"].to_pylist()}
    members = [m for e in tables["events"].to_pylist() for m in e["doc_ids"]]
    check(len(members) == len(set(members)), "a document is in two events")
    for d in tables["documents"].to_pylist():
        if d["status"] == "ok" and d["n_sentences"] > 0:
            check(d["event_id"] is not None, f"document {d['source']} has no event")
    for a in tables["alignments"].to_pylist():
        check(event_of.get(a["doc_a"]) == event_of.get(a["doc_b"]),
              f"alignment {a['alignment_id']} joins two events")
    for f in tables["disagreements"].to_pylist():
        check(f["event_id"] == event_of.get(f["doc_a"]), f"flag {f['flag_id']} has the wrong event")

    emb = tables["embeddings"]
    vt = emb.schema.field("vector").type
    check(pa.types.is_fixed_size_list(vt) and vt.list_size == manifest["model"]["dim"],
          f"embeddings.vector has type {vt}")
    check(emb.num_rows == tables["sentences"].num_rows, "one embedding per sentence")

    # Offsets: the original bytes at each span are the sentence's original_text.
    if corpus_root is not None:
        docs = tables["documents"].to_pylist()
        src = {d["doc_id"]: d["source"] for d in docs}
        cache = {}
        bad = 0
        for s in tables["sentences"].to_pylist():
            path = corpus_root / src[s["doc_id"]]
            data = cache.setdefault(path, path.read_bytes())
            if data[s["byte_start"]:s["byte_end"]].decode("utf-8") != s["original_text"]:
                bad += 1
        check(bad == 0, f"{bad} sentences whose byte span does not match original_text")
        for r in tables["removed"].to_pylist():
            path = corpus_root / src[r["doc_id"]]
            data = cache.setdefault(path, path.read_bytes())
            check(data[r["byte_start"]:r["byte_end"]].decode("utf-8") == r["text"],
                  f"removed span {r['byte_start']}..{r['byte_end']} does not match its text")
        # Every change example maps to original bytes (for UTF-8 inputs,
        # NFKC-type stages keep text recognisable, so just require a span).
        for c in tables["changes"].to_pylist():
            path = corpus_root / src[c["doc_id"]]
            data = cache.setdefault(path, path.read_bytes())
            check(c["edits"] >= 1 and 1 <= len(c["examples"]) <= 3,
                  f"changes row {c['stage']} has {c['edits']} edits, {len(c['examples'])} examples")
            for e in c["examples"]:
                if e["byte_start"] is None:
                    continue
                piece = data[e["byte_start"]:e["byte_end"]].decode("utf-8", errors="strict")
                check(len(piece) > 0, f"change example {e} has an empty span")
        for f in tables["facts"].to_pylist():
            path = corpus_root / src[f["doc_id"]]
            data = cache.setdefault(path, path.read_bytes())
            piece = data[f["byte_start"]:f["byte_end"]].decode("utf-8", errors="replace")
            check(len(piece) > 0, f"fact {f['fact_id']} has an empty span")

    # The demo's known disagreement: the poor translation's GPS-5.6 vs GPT-5.6.
    # Which side says what: GPS-5.6 must come from the poor translation (000),
    # GPT-5.6 from the better one (001).
    hits = duckdb.sql(
        f"""with d as (select * from read_parquet('{run / 'disagreements.parquet'}')),
                 docs as (select doc_id, source from read_parquet('{run / 'documents.parquet'}'))
            select da.source, d.value_a, db.source, d.value_b, d.confidence
            from d join docs da on d.doc_a = da.doc_id join docs db on d.doc_b = db.doc_id
            where d.kind = 'version'
              and ((d.value_a = 'GPS-5.6' and da.source like '%000_1e10a3336a989052.txt'
                    and d.value_b = 'GPT-5.6' and db.source like '%001_ff44aa944fed9dc8.txt')
                or (d.value_b = 'GPS-5.6' and db.source like '%000_1e10a3336a989052.txt'
                    and d.value_a = 'GPT-5.6' and da.source like '%001_ff44aa944fed9dc8.txt'))"""
    ).fetchall()
    check(len(hits) > 0, "no GPS-5.6 vs GPT-5.6 disagreement in the demo run")
    # Normalization changes, the notebook way: one row per example.
    examples = (pl.read_parquet(run / "changes.parquet")
                .explode("examples").unnest("examples"))
    check({"before", "after", "byte_start", "byte_end"} <= set(examples.columns),
          f"changes examples unnest to {examples.columns}")
    glued = duckdb.sql(
        f"""select e.before, e.after from (
              select unnest(examples) as e, stage
              from read_parquet('{run / 'changes.parquet'}')) where stage = 'glued'"""
    ).fetchall()
    check(len(glued) > 0, "no glued-word change reported on the demo corpus")
    aligned = pl.read_parquet(run / "alignments.parquet")
    check(aligned.height > 0, "no alignments at all")

    print(f"tables: " + ", ".join(f"{k}={v.num_rows}" for k, v in tables.items()))
    print(f"GPS-5.6 (000) vs GPT-5.6 (001) flags: {hits}")
    print(f"glued-word examples: {glued}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
