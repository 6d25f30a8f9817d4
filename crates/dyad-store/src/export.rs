//! Export stored events as JSONL, CSV, GDELT 2.0 rows or Parquet.
//!
//! Every format carries the output record plus `num_articles` and
//! `num_sources`; GDELT rows put them in NumArticles/NumSources and use the
//! event's row id as GLOBALEVENTID, so ids are stable across exports.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use chrono::{Datelike, NaiveDate};
use dyad_core::output::{csv_field, CSV_COLUMNS};
use dyad_core::schema::{Kind, Value, FIELDS};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rusqlite::params_from_iter;

use crate::query::{stored_event, Filter, StoredEvent, EVENT_SELECT, STORED_FIELDS};
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
    let mut sql = EVENT_SELECT.clone();
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

fn io_err(source: io::Error) -> StoreError {
    StoreError::Io {
        what: "cannot write the export".into(),
        source,
    }
}

/// Writes JSONL, CSV or GDELT rows; returns the number of events.
pub fn export_text<W: Write>(
    store: &Store,
    filter: &Filter,
    format: ExportFormat,
    out: &mut W,
) -> Result<usize, StoreError> {
    if format == ExportFormat::Csv {
        let extra: Vec<&str> = STORED_FIELDS.iter().map(|f| f.name).collect();
        writeln!(out, "{},{}", CSV_COLUMNS.join(","), extra.join(",")).map_err(io_err)?;
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
                vals.extend(
                    STORED_FIELDS
                        .iter()
                        .map(|f| csv_field(&(f.get)(&e).text(f.kind).unwrap_or_default())),
                );
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
            ExportFormat::Parquet => return Err(StoreError::ParquetNeedsFile),
        }
        Ok(())
    })
}

/// One value of a row.
enum ColVal {
    Str(Option<String>),
    I64(Option<i64>),
    I32(Option<i32>),
    F64(Option<f64>),
}

/// How a Parquet column reads its value off a stored event.
#[derive(Clone, Copy)]
enum Getter {
    Record(for<'a> fn(&'a dyad_core::output::EventRecord) -> Value<'a>),
    Stored(fn(&StoredEvent) -> Value<'_>),
}

/// A Parquet column: its name, kind, nullability and getter.
#[derive(Clone, Copy)]
struct Column {
    name: &'static str,
    kind: Kind,
    nullable: bool,
    get: Getter,
}

/// Days since 1970-01-01 of a day.
fn epoch_days(d: NaiveDate) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

impl Column {
    fn value(&self, e: &StoredEvent) -> ColVal {
        let v = match self.get {
            Getter::Record(get) => get(&e.record),
            Getter::Stored(get) => get(e),
        };
        match self.kind {
            Kind::Text => ColVal::Str(v.text(self.kind).map(|t| t.into_owned())),
            Kind::Int => ColVal::I64(match v {
                Value::Int(n) => Some(n),
                _ => None,
            }),
            Kind::SmallInt => ColVal::I32(match v {
                Value::Int(n) => i32::try_from(n).ok(),
                _ => None,
            }),
            Kind::Real | Kind::Degrees => ColVal::F64(match v {
                Value::Real(x) => Some(x),
                Value::Int(n) => Some(n as f64),
                _ => None,
            }),
            Kind::Date | Kind::PartialDate => ColVal::I32(v.day().and_then(epoch_days)),
        }
    }
}

/// The Parquet columns: the record's fields typed (dates as DATE, the event
/// date on its first day with `date_precision` beside it), then the counts and
/// the series day: [`FIELDS`] and [`STORED_FIELDS`].
static PARQUET_COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    let record = FIELDS.iter().map(|f| Column {
        name: f.name,
        kind: f.kind,
        nullable: f.nullable,
        get: Getter::Record(f.get),
    });
    let stored = STORED_FIELDS.iter().map(|f| Column {
        name: f.name,
        kind: f.kind,
        nullable: f.nullable,
        get: Getter::Stored(f.get),
    });
    record.chain(stored).collect()
});

fn parquet_schema() -> Result<Arc<Type>, parquet::errors::ParquetError> {
    let mut fields = Vec::new();
    for c in PARQUET_COLUMNS.iter() {
        let (phys, logical) = match c.kind {
            Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Kind::Int => (Physical::INT64, None),
            Kind::SmallInt => (Physical::INT32, None),
            Kind::Real | Kind::Degrees => (Physical::DOUBLE, None),
            Kind::Date | Kind::PartialDate => (Physical::INT32, Some(LogicalType::Date)),
        };
        let rep = if c.nullable {
            Repetition::OPTIONAL
        } else {
            Repetition::REQUIRED
        };
        fields.push(Arc::new(
            Type::primitive_type_builder(c.name, phys)
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
        .map(|c| match c.kind {
            Kind::Text => Col::Str(Vec::new(), Vec::new()),
            Kind::Int => Col::I64(Vec::new(), Vec::new()),
            Kind::SmallInt | Kind::Date | Kind::PartialDate => Col::I32(Vec::new(), Vec::new()),
            Kind::Real | Kind::Degrees => Col::F64(Vec::new(), Vec::new()),
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
            .map_err(StoreError::io(format!("cannot create {}", path.display())))?;
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
        for (col, c) in self.cols.iter_mut().zip(PARQUET_COLUMNS.iter()) {
            let v = c.value(e);
            match (col, v) {
                (Col::Str(vals, def), ColVal::Str(s)) => {
                    push_option(vals, def, s.map(|s| ByteArray::from(s.into_bytes())))
                }
                (Col::I64(vals, def), ColVal::I64(x)) => push_option(vals, def, x),
                (Col::I32(vals, def), ColVal::I32(x)) => push_option(vals, def, x),
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
        for (col, c) in self.cols.iter().zip(PARQUET_COLUMNS.iter()) {
            let mut cw = rg
                .next_column()?
                .ok_or_else(|| parquet::errors::ParquetError::General("missing column".into()))?;
            let optional = c.nullable;
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
    move |e| StoreError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
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
            std::fs::rename(&tmp, path).map_err(StoreError::io(format!(
                "cannot move {} into place",
                tmp.display()
            )))?;
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
fn month_partition(day: Option<NaiveDate>) -> String {
    match day {
        Some(d) => format!("year={}/month={}", d.format("%Y"), d.month()),
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
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(StoreError::io(format!("cannot read {}", dir.display())))?;
        if entries.next().is_some() {
            return Err(StoreError::NotEmpty(dir.to_path_buf()));
        }
        std::fs::remove_dir(dir)
            .map_err(StoreError::io(format!("cannot replace {}", dir.display())))?;
    }
    let mut tmp = dir.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = std::path::PathBuf::from(tmp);
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .map_err(StoreError::io(format!("cannot remove {}", tmp.display())))?;
    }
    let result = (|| {
        let mut current: Option<(String, std::path::PathBuf, PartWriter)> = None;
        let mut parts = 0;
        let n = for_each_event_ordered(store, filter, "e.day, e.pk", |e| {
            let part = month_partition(e.day);
            if current.as_ref().map(|c| &c.0) != Some(&part) {
                if let Some((_, path, w)) = current.take() {
                    w.finish(&path)?;
                }
                let folder = tmp.join(&part);
                std::fs::create_dir_all(&folder).map_err(StoreError::io(format!(
                    "cannot create {}",
                    folder.display()
                )))?;
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
            std::fs::rename(&tmp, dir).map_err(StoreError::io(format!(
                "cannot move {} into place",
                tmp.display()
            )))?;
            Ok(counts)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}
