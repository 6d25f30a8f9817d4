//! Export stored events as JSONL, CSV, GDELT 2.0 rows or Parquet.
//!
//! Every format carries the output record plus `num_articles` and
//! `num_sources`; GDELT rows put them in NumArticles/NumSources and use the
//! event's row id as GLOBALEVENTID, so ids are stable across exports.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use dyad_core::output::{csv_field, CSV_COLUMNS};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rusqlite::params_from_iter;

use crate::query::{stored_event, Filter, StoredEvent, EVENT_SELECT};
use crate::{Store, StoreError};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Gdelt,
    Parquet,
}

/// Rows per Parquet row group (bounded memory on large exports).
const ROW_GROUP: usize = 50_000;

/// Calls `f` for each event matching `filter`, in storage order.
pub fn for_each_event(
    store: &Store,
    filter: &Filter,
    mut f: impl FnMut(StoredEvent) -> Result<(), StoreError>,
) -> Result<usize, StoreError> {
    let mut conds = Vec::new();
    let mut args = Vec::new();
    filter.event_conditions(&mut conds, &mut args);
    let mut sql = EVENT_SELECT.to_string();
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(" ORDER BY e.pk");
    let mut stmt = store.conn.prepare(&sql).map_err(|e| store.err(&e))?;
    let mut rows = stmt
        .query(params_from_iter(args))
        .map_err(|e| store.err(&e))?;
    let mut n = 0;
    while let Some(row) = rows.next().map_err(|e| store.err(&e))? {
        f(stored_event(row).map_err(|e| store.err(&e))?)?;
        n += 1;
    }
    Ok(n)
}

fn io_err(e: io::Error) -> StoreError {
    StoreError::Other(format!("cannot write the export: {e}"))
}

/// Writes JSONL, CSV or GDELT rows; returns the number of events.
pub fn export_text<W: Write>(
    store: &Store,
    filter: &Filter,
    format: ExportFormat,
    out: &mut W,
) -> Result<usize, StoreError> {
    if format == ExportFormat::Csv {
        writeln!(
            out,
            "{},num_articles,num_sources,day",
            CSV_COLUMNS.join(",")
        )
        .map_err(io_err)?;
    }
    for_each_event(store, filter, |e| {
        match format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &e).map_err(|x| io_err(x.into()))?;
                out.write_all(b"\n").map_err(io_err)?;
            }
            ExportFormat::Csv => {
                let mut vals: Vec<String> =
                    e.record.csv_values().iter().map(|v| csv_field(v)).collect();
                vals.push(e.num_articles.to_string());
                vals.push(e.num_sources.to_string());
                vals.push(e.day.clone().unwrap_or_default());
                writeln!(out, "{}", vals.join(",")).map_err(io_err)?;
            }
            ExportFormat::Gdelt => {
                let row: Vec<String> = e
                    .record
                    .gdelt_row(e.pk as u64, e.num_articles, e.num_sources)
                    .into_iter()
                    .map(|v| v.replace(['\t', '\n', '\r'], " "))
                    .collect();
                writeln!(out, "{}", row.join("\t")).map_err(io_err)?;
            }
            ExportFormat::Parquet => {
                return Err(StoreError::Other(
                    "Parquet is written to a file: use --out FILE.parquet".into(),
                ))
            }
        }
        Ok(())
    })
}

/// Column kinds of the Parquet schema.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    OptStr,
    I64,
    I32,
    F64,
}

/// The Parquet columns: the CSV columns, then the counts.
const PARQUET_COLUMNS: &[(&str, Kind)] = &[
    ("article", Kind::Str),
    ("published", Kind::OptStr),
    ("sentence_index", Kind::I64),
    ("sentence", Kind::Str),
    ("char_start", Kind::I64),
    ("char_end", Kind::I64),
    ("source", Kind::Str),
    ("source_country", Kind::Str),
    ("source_text", Kind::Str),
    ("target", Kind::Str),
    ("target_country", Kind::Str),
    ("target_text", Kind::Str),
    ("cameo", Kind::Str),
    ("root", Kind::Str),
    ("quad_class", Kind::I32),
    ("goldstein", Kind::F64),
    ("date", Kind::OptStr),
    ("date_precision", Kind::OptStr),
    ("date_text", Kind::OptStr),
    ("mode", Kind::Str),
    ("mode_cue", Kind::OptStr),
    ("rule", Kind::Str),
    ("url", Kind::OptStr),
    ("num_articles", Kind::I32),
    ("num_sources", Kind::I32),
];

fn parquet_schema() -> Result<Arc<Type>, parquet::errors::ParquetError> {
    let mut fields = Vec::new();
    for (name, kind) in PARQUET_COLUMNS {
        let (phys, logical, rep) = match kind {
            Kind::Str => (
                Physical::BYTE_ARRAY,
                Some(LogicalType::String),
                Repetition::REQUIRED,
            ),
            Kind::OptStr => (
                Physical::BYTE_ARRAY,
                Some(LogicalType::String),
                Repetition::OPTIONAL,
            ),
            Kind::I64 => (Physical::INT64, None, Repetition::REQUIRED),
            Kind::I32 => (Physical::INT32, None, Repetition::REQUIRED),
            Kind::F64 => (Physical::DOUBLE, None, Repetition::REQUIRED),
        };
        fields.push(Arc::new(
            Type::primitive_type_builder(name, phys)
                .with_logical_type(logical)
                .with_repetition(rep)
                .build()?,
        ));
    }
    Ok(Arc::new(
        Type::group_type_builder("dyad_event")
            .with_fields(fields)
            .build()?,
    ))
}

/// One column's buffered values for a row group.
enum Col {
    Str(Vec<ByteArray>, Vec<i16>),
    I64(Vec<i64>),
    I32(Vec<i32>),
    F64(Vec<f64>),
}

fn columns_of(e: &StoredEvent) -> Vec<ColVal> {
    let r = &e.record;
    let s = |v: &str| ColVal::Str(Some(v.to_string()));
    let o = |v: &Option<String>| ColVal::Str(v.clone());
    vec![
        s(&r.article),
        o(&r.published),
        ColVal::I64(r.sentence_index as i64),
        s(&r.sentence),
        ColVal::I64(r.char_start as i64),
        ColVal::I64(r.char_end as i64),
        s(&r.source),
        s(&r.source_country),
        s(&r.source_text),
        s(&r.target),
        s(&r.target_country),
        s(&r.target_text),
        s(&r.cameo),
        s(&r.root),
        ColVal::I32(i32::from(r.quad_class)),
        ColVal::F64(r.goldstein),
        o(&r.date),
        o(&r.date_precision),
        o(&r.date_text),
        s(&r.mode),
        o(&r.mode_cue),
        s(&r.rule),
        o(&r.url),
        ColVal::I32(e.num_articles as i32),
        ColVal::I32(e.num_sources as i32),
    ]
}

enum ColVal {
    Str(Option<String>),
    I64(i64),
    I32(i32),
    F64(f64),
}

fn new_buffers() -> Vec<Col> {
    PARQUET_COLUMNS
        .iter()
        .map(|(_, k)| match k {
            Kind::Str | Kind::OptStr => Col::Str(Vec::new(), Vec::new()),
            Kind::I64 => Col::I64(Vec::new()),
            Kind::I32 => Col::I32(Vec::new()),
            Kind::F64 => Col::F64(Vec::new()),
        })
        .collect()
}

fn flush_group(
    w: &mut SerializedFileWriter<File>,
    cols: &mut Vec<Col>,
) -> Result<(), parquet::errors::ParquetError> {
    let mut rg = w.next_row_group()?;
    for (i, col) in cols.iter().enumerate() {
        let mut cw = rg
            .next_column()?
            .ok_or_else(|| parquet::errors::ParquetError::General("missing column".into()))?;
        match col {
            Col::Str(v, def) => {
                let optional = matches!(PARQUET_COLUMNS[i].1, Kind::OptStr);
                cw.typed::<ByteArrayType>().write_batch(
                    v,
                    optional.then_some(def.as_slice()),
                    None,
                )?;
            }
            Col::I64(v) => {
                cw.typed::<Int64Type>().write_batch(v, None, None)?;
            }
            Col::I32(v) => {
                cw.typed::<Int32Type>().write_batch(v, None, None)?;
            }
            Col::F64(v) => {
                cw.typed::<DoubleType>().write_batch(v, None, None)?;
            }
        }
        cw.close()?;
    }
    rg.close()?;
    *cols = new_buffers();
    Ok(())
}

/// Writes matching events to a Parquet file (Snappy-compressed columns);
/// returns the number of events. The file is written beside the target and
/// renamed into place, so a failed export leaves no half-written file.
pub fn export_parquet(store: &Store, filter: &Filter, path: &Path) -> Result<usize, StoreError> {
    let pq = |e: parquet::errors::ParquetError| {
        StoreError::Other(format!("cannot write Parquet file {}: {e}", path.display()))
    };
    let tmp = path.with_extension("parquet.partial");
    let file = File::create(&tmp)
        .map_err(|e| StoreError::Other(format!("cannot create {}: {e}", tmp.display())))?;
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by("dyad".into())
            .build(),
    );
    let result = (|| {
        let mut w =
            SerializedFileWriter::new(file, parquet_schema().map_err(pq)?, props).map_err(pq)?;
        let mut cols = new_buffers();
        let mut in_group = 0;
        let n = for_each_event(store, filter, |e| {
            for (col, v) in cols.iter_mut().zip(columns_of(&e)) {
                match (col, v) {
                    (Col::Str(vals, def), ColVal::Str(s)) => match s {
                        Some(s) => {
                            vals.push(ByteArray::from(s.into_bytes()));
                            def.push(1);
                        }
                        None => def.push(0),
                    },
                    (Col::I64(vals), ColVal::I64(x)) => vals.push(x),
                    (Col::I32(vals), ColVal::I32(x)) => vals.push(x),
                    (Col::F64(vals), ColVal::F64(x)) => vals.push(x),
                    _ => unreachable!("columns_of follows PARQUET_COLUMNS"),
                }
            }
            in_group += 1;
            if in_group == ROW_GROUP {
                flush_group(&mut w, &mut cols).map_err(pq)?;
                in_group = 0;
            }
            Ok(())
        })?;
        if in_group > 0 {
            flush_group(&mut w, &mut cols).map_err(pq)?;
        }
        w.close().map_err(pq)?;
        Ok(n)
    })();
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, path).map_err(|e| {
                StoreError::Other(format!("cannot move {} into place: {e}", tmp.display()))
            })?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}
