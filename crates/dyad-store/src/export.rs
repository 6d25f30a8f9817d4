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
    f: impl FnMut(StoredEvent) -> Result<(), StoreError>,
) -> Result<usize, StoreError> {
    for_each_event_ordered(store, filter, "e.pk", f)
}

/// As [`for_each_event`], in the given SQL order over `e` (events).
fn for_each_event_ordered(
    store: &Store,
    filter: &Filter,
    order: &str,
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
    sql.push_str(" ORDER BY ");
    sql.push_str(order);
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Str,
    OptStr,
    I64,
    OptI64,
    I32,
    F64,
    OptF64,
    /// A calendar day (INT32 days since 1970-01-01, logical type DATE), nullable.
    OptDate,
}

/// One value of a row.
enum ColVal {
    Str(Option<String>),
    I64(i64),
    OptI64(Option<i64>),
    I32(i32),
    F64(Option<f64>),
    Date(Option<i32>),
}

/// A column: its name, kind and how to read it off an event.
type Column = (&'static str, Kind, fn(&StoredEvent) -> ColVal);

fn s(v: &str) -> ColVal {
    ColVal::Str(Some(v.to_string()))
}

fn o(v: &Option<String>) -> ColVal {
    ColVal::Str(v.clone())
}

/// Days since 1970-01-01 of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date (its
/// first day); `None` when it is not one.
pub fn epoch_days(v: Option<&str>) -> Option<i32> {
    let day = crate::event_day(v, None)?;
    let d = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// The Parquet columns: the record's fields typed (dates as DATE, the event
/// date on its first day with `date_precision` beside it), then the counts and
/// the series day.
const PARQUET_COLUMNS: &[Column] = &[
    ("article", Kind::Str, |e| s(&e.record.article)),
    ("published", Kind::OptDate, |e| {
        ColVal::Date(epoch_days(e.record.published.as_deref()))
    }),
    ("sentence_index", Kind::I64, |e| {
        ColVal::I64(e.record.sentence_index as i64)
    }),
    ("sentence", Kind::Str, |e| s(&e.record.sentence)),
    ("char_start", Kind::I64, |e| {
        ColVal::I64(e.record.char_start as i64)
    }),
    ("char_end", Kind::I64, |e| {
        ColVal::I64(e.record.char_end as i64)
    }),
    ("source", Kind::Str, |e| s(&e.record.source)),
    ("source_country", Kind::Str, |e| s(&e.record.source_country)),
    ("source_text", Kind::Str, |e| s(&e.record.source_text)),
    ("target", Kind::Str, |e| s(&e.record.target)),
    ("target_country", Kind::Str, |e| s(&e.record.target_country)),
    ("target_text", Kind::Str, |e| s(&e.record.target_text)),
    ("cameo", Kind::Str, |e| s(&e.record.cameo)),
    ("root", Kind::Str, |e| s(&e.record.root)),
    ("plover_type", Kind::OptStr, |e| o(&e.record.plover_type)),
    ("plover_mode", Kind::OptStr, |e| o(&e.record.plover_mode)),
    ("plover_context", Kind::OptStr, |e| {
        o(&e.record.plover_context)
    }),
    ("quad_class", Kind::I32, |e| {
        ColVal::I32(i32::from(e.record.quad_class))
    }),
    ("goldstein", Kind::F64, |e| {
        ColVal::F64(Some(e.record.goldstein))
    }),
    ("date", Kind::OptDate, |e| {
        ColVal::Date(epoch_days(e.record.date.as_deref()))
    }),
    ("date_precision", Kind::OptStr, |e| {
        o(&e.record.date_precision)
    }),
    ("date_text", Kind::OptStr, |e| o(&e.record.date_text)),
    ("mode", Kind::Str, |e| s(&e.record.mode)),
    ("mode_cue", Kind::OptStr, |e| o(&e.record.mode_cue)),
    ("rule", Kind::Str, |e| s(&e.record.rule)),
    ("url", Kind::OptStr, |e| o(&e.record.url)),
    ("place_name", Kind::OptStr, |e| o(&e.record.place_name)),
    ("place_country", Kind::OptStr, |e| {
        o(&e.record.place_country)
    }),
    ("place_adm1", Kind::OptStr, |e| o(&e.record.place_adm1)),
    ("place_adm1_code", Kind::OptStr, |e| {
        o(&e.record.place_adm1_code)
    }),
    ("place_lat", Kind::OptF64, |e| {
        ColVal::F64(e.record.place_lat)
    }),
    ("place_lon", Kind::OptF64, |e| {
        ColVal::F64(e.record.place_lon)
    }),
    ("place_feature", Kind::OptStr, |e| {
        o(&e.record.place_feature)
    }),
    ("place_geonameid", Kind::OptI64, |e| {
        ColVal::OptI64(e.record.place_geonameid.map(|v| v as i64))
    }),
    ("place_text", Kind::OptStr, |e| o(&e.record.place_text)),
    ("place_how", Kind::OptStr, |e| o(&e.record.place_how)),
    ("num_articles", Kind::I32, |e| {
        ColVal::I32(e.num_articles as i32)
    }),
    ("num_sources", Kind::I32, |e| {
        ColVal::I32(e.num_sources as i32)
    }),
    ("day", Kind::OptDate, |e| {
        ColVal::Date(epoch_days(e.day.as_deref()))
    }),
];

fn parquet_schema() -> Result<Arc<Type>, parquet::errors::ParquetError> {
    let mut fields = Vec::new();
    for (name, kind, _) in PARQUET_COLUMNS {
        const OPTIONAL: Repetition = Repetition::OPTIONAL;
        const REQUIRED: Repetition = Repetition::REQUIRED;
        let (phys, logical, rep) = match kind {
            Kind::Str => (Physical::BYTE_ARRAY, Some(LogicalType::String), REQUIRED),
            Kind::OptStr => (Physical::BYTE_ARRAY, Some(LogicalType::String), OPTIONAL),
            Kind::I64 => (Physical::INT64, None, REQUIRED),
            Kind::OptI64 => (Physical::INT64, None, OPTIONAL),
            Kind::I32 => (Physical::INT32, None, REQUIRED),
            Kind::F64 => (Physical::DOUBLE, None, REQUIRED),
            Kind::OptF64 => (Physical::DOUBLE, None, OPTIONAL),
            Kind::OptDate => (Physical::INT32, Some(LogicalType::Date), OPTIONAL),
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

/// One column's buffered values for a row group, with definition levels for
/// nullable columns.
enum Col {
    Str(Vec<ByteArray>, Vec<i16>),
    I64(Vec<i64>, Vec<i16>),
    I32(Vec<i32>, Vec<i16>),
    F64(Vec<f64>, Vec<i16>),
}

fn new_buffers() -> Vec<Col> {
    PARQUET_COLUMNS
        .iter()
        .map(|(_, k, _)| match k {
            Kind::Str | Kind::OptStr => Col::Str(Vec::new(), Vec::new()),
            Kind::I64 | Kind::OptI64 => Col::I64(Vec::new(), Vec::new()),
            Kind::I32 | Kind::OptDate => Col::I32(Vec::new(), Vec::new()),
            Kind::F64 | Kind::OptF64 => Col::F64(Vec::new(), Vec::new()),
        })
        .collect()
}

fn push_option<T>(vals: &mut Vec<T>, def: &mut Vec<i16>, v: Option<T>) {
    match v {
        Some(v) => {
            vals.push(v);
            def.push(1);
        }
        None => def.push(0),
    }
}

/// A Parquet file being written: its buffers and the rows in the open group.
struct PartWriter {
    w: SerializedFileWriter<File>,
    cols: Vec<Col>,
    in_group: usize,
}

impl PartWriter {
    fn create(path: &Path) -> Result<PartWriter, StoreError> {
        let file = File::create(path)
            .map_err(|e| StoreError::Other(format!("cannot create {}: {e}", path.display())))?;
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by("dyad".into())
                .build(),
        );
        let w = SerializedFileWriter::new(file, parquet_schema().map_err(pq_err(path))?, props)
            .map_err(pq_err(path))?;
        Ok(PartWriter {
            w,
            cols: new_buffers(),
            in_group: 0,
        })
    }

    fn push(&mut self, e: &StoredEvent, path: &Path) -> Result<(), StoreError> {
        for (col, (_, _, get)) in self.cols.iter_mut().zip(PARQUET_COLUMNS) {
            match (col, get(e)) {
                (Col::Str(vals, def), ColVal::Str(s)) => {
                    push_option(vals, def, s.map(|s| ByteArray::from(s.into_bytes())))
                }
                (Col::I64(vals, def), ColVal::I64(x)) => push_option(vals, def, Some(x)),
                (Col::I64(vals, def), ColVal::OptI64(x)) => push_option(vals, def, x),
                (Col::I32(vals, def), ColVal::I32(x)) => push_option(vals, def, Some(x)),
                (Col::I32(vals, def), ColVal::Date(x)) => push_option(vals, def, x),
                (Col::F64(vals, def), ColVal::F64(x)) => push_option(vals, def, x),
                _ => unreachable!("PARQUET_COLUMNS kinds match their values"),
            }
        }
        self.in_group += 1;
        if self.in_group == ROW_GROUP {
            self.flush_group().map_err(pq_err(path))?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> Result<(), parquet::errors::ParquetError> {
        let mut rg = self.w.next_row_group()?;
        for (col, (_, kind, _)) in self.cols.iter().zip(PARQUET_COLUMNS) {
            let mut cw = rg
                .next_column()?
                .ok_or_else(|| parquet::errors::ParquetError::General("missing column".into()))?;
            let optional = matches!(
                kind,
                Kind::OptStr | Kind::OptI64 | Kind::OptF64 | Kind::OptDate
            );
            let def = |d: &[i16]| -> Option<Vec<i16>> { optional.then(|| d.to_vec()) };
            match col {
                Col::Str(v, d) => {
                    cw.typed::<ByteArrayType>()
                        .write_batch(v, def(d).as_deref(), None)?;
                }
                Col::I64(v, d) => {
                    cw.typed::<Int64Type>()
                        .write_batch(v, def(d).as_deref(), None)?;
                }
                Col::I32(v, d) => {
                    cw.typed::<Int32Type>()
                        .write_batch(v, def(d).as_deref(), None)?;
                }
                Col::F64(v, d) => {
                    cw.typed::<DoubleType>()
                        .write_batch(v, def(d).as_deref(), None)?;
                }
            }
            cw.close()?;
        }
        rg.close()?;
        self.cols = new_buffers();
        self.in_group = 0;
        Ok(())
    }

    fn finish(mut self, path: &Path) -> Result<(), StoreError> {
        if self.in_group > 0 {
            self.flush_group().map_err(pq_err(path))?;
        }
        self.w.close().map_err(pq_err(path))?;
        Ok(())
    }
}

fn pq_err(path: &Path) -> impl Fn(parquet::errors::ParquetError) -> StoreError + '_ {
    move |e| StoreError::Other(format!("cannot write Parquet file {}: {e}", path.display()))
}

/// Writes matching events to a Parquet file (Snappy-compressed columns);
/// returns the number of events. The file is written beside the target and
/// renamed into place, so a failed export leaves no half-written file.
pub fn export_parquet(store: &Store, filter: &Filter, path: &Path) -> Result<usize, StoreError> {
    let tmp = path.with_extension("parquet.partial");
    let result = (|| {
        let mut w = PartWriter::create(&tmp)?;
        let n = for_each_event(store, filter, |e| w.push(&e, &tmp))?;
        w.finish(&tmp)?;
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

/// Hive partition value for events without a day (as Hive, Spark and
/// pyarrow write a null partition value).
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The `year=YYYY/month=M` folder of an event's day (month unpadded, so query
/// engines infer an integer column, as Spark writes it).
fn month_partition(day: Option<&str>) -> String {
    match day.and_then(|d| Some((d.get(..4)?, d.get(5..7)?.parse::<u8>().ok()?))) {
        Some((y, m)) => format!("year={y}/month={m}"),
        None => format!("year={NULL_PARTITION}/month={NULL_PARTITION}"),
    }
}

/// Writes matching events as a Hive-partitioned Parquet dataset under `dir`:
/// `year=YYYY/month=M/part-0.parquet`, by the event's `day` (events without
/// one go under `year=__HIVE_DEFAULT_PARTITION__`). Query engines read the
/// folder names as `year` and `month` columns and skip folders a filter on
/// them excludes. `dir` must not exist or be empty; the dataset is written to
/// a sibling `DIR.partial` folder and renamed when complete. Returns the
/// number of events and of partitions.
pub fn export_parquet_partitioned(
    store: &Store,
    filter: &Filter,
    dir: &Path,
) -> Result<(usize, usize), StoreError> {
    let other = |m: String| StoreError::Other(m);
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| other(format!("cannot read {}: {e}", dir.display())))?;
        if entries.next().is_some() {
            return Err(other(format!(
                "{} is not empty: a partitioned export needs a new or empty folder",
                dir.display()
            )));
        }
        std::fs::remove_dir(dir)
            .map_err(|e| other(format!("cannot replace {}: {e}", dir.display())))?;
    }
    let mut tmp = dir.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = std::path::PathBuf::from(tmp);
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .map_err(|e| other(format!("cannot remove {}: {e}", tmp.display())))?;
    }
    let result = (|| {
        let mut current: Option<(String, std::path::PathBuf, PartWriter)> = None;
        let mut parts = 0;
        let n = for_each_event_ordered(store, filter, "e.day, e.pk", |e| {
            let part = month_partition(e.day.as_deref());
            if current.as_ref().map(|c| &c.0) != Some(&part) {
                if let Some((_, path, w)) = current.take() {
                    w.finish(&path)?;
                }
                let folder = tmp.join(&part);
                std::fs::create_dir_all(&folder)
                    .map_err(|e| other(format!("cannot create {}: {e}", folder.display())))?;
                let path = folder.join("part-0.parquet");
                let w = PartWriter::create(&path)?;
                current = Some((part, path, w));
                parts += 1;
            }
            let (_, path, w) = current.as_mut().expect("opened above");
            w.push(&e, path)
        })?;
        if let Some((_, path, w)) = current.take() {
            w.finish(&path)?;
        }
        Ok((n, parts))
    })();
    match result {
        Ok(counts) => {
            std::fs::rename(&tmp, dir)
                .map_err(|e| other(format!("cannot move {} into place: {e}", tmp.display())))?;
            Ok(counts)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}
