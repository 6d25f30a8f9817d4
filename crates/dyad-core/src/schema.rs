//! The event record's schema: the one list of fields every output derives from.
//!
//! [`FIELDS`] names each field of [`EventRecord`] once, with its kind, whether
//! it may be null, what it means and how to read it off (and put it back into)
//! a record. From it come the JSON form (serde, field for field, in this
//! order), the CSV columns ([`crate::output::CSV_COLUMNS`]), dyad-store's SQL
//! columns, `SELECT` and `INSERT` and its Parquet columns. Tests check the
//! README's schema table, the server's `openapi.json` and the database schema
//! against it, so adding a field is: the struct field, its line here, a
//! migration, a README row and an OpenAPI property, and a test fails until all
//! of them are there.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dates::{EventDate, Precision};
use crate::document::Mode;
use crate::output::EventRecord;

/// What a field holds; each output maps a kind to a type of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text.
    Text,
    /// A whole number of 32 bits (Parquet INT32).
    SmallInt,
    /// A whole number of 64 bits (Parquet INT64).
    Int,
    /// A floating-point number.
    Real,
    /// A latitude or longitude in degrees: a number, with 4 decimals in CSV.
    Degrees,
    /// A calendar day: `YYYY-MM-DD` as text, DATE in Parquet.
    Date,
    /// A date known to a day, month or year: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`
    /// as text, its first day in Parquet (with its precision in another field).
    PartialDate,
}

impl Kind {
    /// The SQLite column type.
    pub fn sql_type(self) -> &'static str {
        match self {
            Kind::Text | Kind::Date | Kind::PartialDate => "TEXT",
            Kind::SmallInt | Kind::Int => "INTEGER",
            Kind::Real | Kind::Degrees => "REAL",
        }
    }

    /// The JSON Schema (OpenAPI) type.
    pub fn json_type(self) -> &'static str {
        match self {
            Kind::Text | Kind::Date | Kind::PartialDate => "string",
            Kind::SmallInt | Kind::Int => "integer",
            Kind::Real | Kind::Degrees => "number",
        }
    }
}

/// One value of a field, typed. Values read back from text formats and SQL
/// arrive as `Text`, `Int` or `Real` and are checked by the field's setter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Text(Cow<'a, str>),
    Int(i64),
    Real(f64),
    Date(NaiveDate),
    PartialDate(Cow<'a, EventDate>),
}

impl Value<'_> {
    /// The value as text, as CSV and SQL write it (`None` for null).
    pub fn text(&self, kind: Kind) -> Option<Cow<'_, str>> {
        Some(match self {
            Value::Null => return None,
            Value::Text(s) => Cow::Borrowed(s.as_ref()),
            Value::Int(n) => Cow::Owned(n.to_string()),
            Value::Real(x) if kind == Kind::Degrees => Cow::Owned(format!("{x:.4}")),
            Value::Real(x) => Cow::Owned(x.to_string()),
            Value::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Value::PartialDate(d) => Cow::Borrowed(d.value.as_str()),
        })
    }

    /// The calendar day of a `Date` or the first day of a `PartialDate`.
    pub fn day(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            Value::PartialDate(d) => d.first_day(),
            Value::Text(s) => EventDate::parse(s).and_then(|d| d.first_day()),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Text(s) => format!("{s:?}"),
            Value::Int(n) => n.to_string(),
            Value::Real(x) => x.to_string(),
            Value::Date(d) => d.to_string(),
            Value::PartialDate(d) => d.value.clone(),
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Text(t) => s.serialize_str(t),
            Value::Int(n) => s.serialize_i64(*n),
            Value::Real(x) => s.serialize_f64(*x),
            Value::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            Value::PartialDate(d) => s.serialize_str(&d.value),
        }
    }
}

/// A value that does not fit its field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("field {field}: {message}")]
pub struct ValueError {
    pub field: &'static str,
    pub message: String,
}

/// What a field expected instead of the value it was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Mismatch(pub String);

impl From<&str> for Mismatch {
    fn from(s: &str) -> Mismatch {
        Mismatch(s.to_string())
    }
}

impl From<String> for Mismatch {
    fn from(s: String) -> Mismatch {
        Mismatch(s)
    }
}

/// One field of the event record.
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// What it means (one line; the README's table says more).
    pub description: &'static str,
    /// Reads the field off a record.
    pub get: for<'a> fn(&'a EventRecord) -> Value<'a>,
    /// Puts a value back; fields are set in [`FIELDS`] order.
    pub set: fn(&mut EventRecord, Value<'_>) -> Result<(), Mismatch>,
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("nullable", &self.nullable)
            .finish()
    }
}

impl Field {
    /// Sets the field from a value, naming the field in the error.
    pub fn put(&self, r: &mut EventRecord, v: Value<'_>) -> Result<(), ValueError> {
        let shown = v.describe();
        (self.set)(r, v).map_err(|m| ValueError {
            field: self.name,
            message: format!("{m} (got {shown})"),
        })
    }

    /// The field's value as CSV writes it (empty for null).
    pub fn csv(&self, r: &EventRecord) -> String {
        (self.get)(r)
            .text(self.kind)
            .map(Cow::into_owned)
            .unwrap_or_default()
    }
}

/// A Rust type a field can have, and its conversion to and from [`Value`].
pub trait Cell: Sized {
    fn to_value(&self) -> Value<'_>;
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch>;
}

impl Cell for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
        match v {
            Value::Text(s) => Ok(s.into_owned()),
            _ => Err("expected text".into()),
        }
    }
}

impl<T: Cell> Cell for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! int_cell {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(*self as i64)
            }
            fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
                match v {
                    Value::Int(n) => <$t>::try_from(n)
                        .map_err(|_| Mismatch(format!("{n} is out of range for {}", stringify!($t)))),
                    _ => Err("expected a whole number".into()),
                }
            }
        }
    )*};
}
int_cell!(u8, u32, usize, u64);

impl Cell for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
        match v {
            Value::Real(x) => Ok(x),
            Value::Int(n) => Ok(n as f64),
            _ => Err("expected a number".into()),
        }
    }
}

impl Cell for NaiveDate {
    fn to_value(&self) -> Value<'_> {
        Value::Date(*self)
    }
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
        match v {
            Value::Date(d) => Ok(d),
            Value::Text(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map_err(|_| "expected a date as YYYY-MM-DD".into()),
            _ => Err("expected a date as YYYY-MM-DD".into()),
        }
    }
}

impl Cell for EventDate {
    fn to_value(&self) -> Value<'_> {
        Value::PartialDate(Cow::Borrowed(self))
    }
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
        match v {
            Value::PartialDate(d) => Ok(d.into_owned()),
            Value::Text(s) => {
                EventDate::parse(&s).ok_or_else(|| "expected YYYY, YYYY-MM or YYYY-MM-DD".into())
            }
            _ => Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into()),
        }
    }
}

/// As `as_str` names it (`asserted`, ...).
impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Cell for Mode {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self.as_str()))
    }
    fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
        match &v {
            Value::Text(s) => Mode::parse(s),
            _ => None,
        }
        .ok_or_else(|| "expected asserted, planned, hypothetical or negated".into())
    }
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $check:expr, $what:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(String);

        impl $name {
            /// Checks a code; `None` when it is not one.
            pub fn new(code: &str) -> Option<$name> {
                let check: fn(&str) -> bool = $check;
                check(code).then(|| $name(code.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// What a valid code looks like, for messages.
            pub const EXPECTED: &'static str = $what;
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl Cell for $name {
            fn to_value(&self) -> Value<'_> {
                Value::Text(Cow::Borrowed(&self.0))
            }
            fn from_value(v: Value<'_>) -> Result<Self, Mismatch> {
                match &v {
                    Value::Text(s) => $name::new(s),
                    _ => None,
                }
                .ok_or_else(|| Mismatch(format!("expected {}", $what)))
            }
        }
    };
}

code_type!(
    /// A CAMEO event code or root: 2 to 4 digits (`04`, `042`, `0421`).
    CameoCode,
    |c| (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()),
    "a CAMEO code of 2 to 4 digits"
);

code_type!(
    /// A CAMEO actor code: a country or IGO code and its roles (`JPNGOV`,
    /// `NATO`, `---INS`): ASCII letters, digits and `-`.
    ActorCode,
    |c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
    "an actor code of letters, digits and -"
);

impl CameoCode {
    /// The root: the code's first two digits.
    pub fn root(&self) -> CameoCode {
        CameoCode(self.0[..2.min(self.0.len())].to_string())
    }
}

/// A field that is a struct field of the same name.
macro_rules! field {
    ($name:ident, $kind:ident, $nullable:expr, $desc:expr) => {
        Field {
            name: stringify!($name),
            kind: Kind::$kind,
            nullable: $nullable,
            description: $desc,
            get: |r| Cell::to_value(&r.$name),
            set: |r, v| {
                r.$name = Cell::from_value(v)?;
                Ok(())
            },
        }
    };
}

/// The event record's fields, in output order.
pub const FIELDS: &[Field] = &[
    field!(article, Text, false, "Article id."),
    field!(published, Date, true, "Publication date."),
    field!(
        sentence_index,
        Int,
        false,
        "Sentence number in the cleaned article (0-based)."
    ),
    field!(
        sentence,
        Text,
        false,
        "The evidence sentence, whitespace collapsed."
    ),
    field!(
        char_start,
        Int,
        false,
        "Start of the sentence in the raw input, in characters."
    ),
    field!(
        char_end,
        Int,
        false,
        "End of the sentence in the raw input, in characters."
    ),
    field!(source, Text, false, "CAMEO actor code of the source."),
    field!(
        source_country,
        Text,
        false,
        "Country or IGO of the source (--- when unknown)."
    ),
    field!(source_text, Text, false, "The words naming the source."),
    field!(target, Text, false, "CAMEO actor code of the target."),
    field!(
        target_country,
        Text,
        false,
        "Country or IGO of the target (--- when unknown)."
    ),
    field!(target_text, Text, false, "The words naming the target."),
    field!(cameo, Text, false, "CAMEO event code."),
    field!(root, Text, false, "CAMEO root code."),
    field!(
        plover_type,
        Text,
        true,
        "PLOVER event type of the CAMEO code."
    ),
    field!(
        plover_mode,
        Text,
        true,
        "PLOVER mode, when the table gives one."
    ),
    field!(
        plover_context,
        Text,
        true,
        "PLOVER context, when the table gives one."
    ),
    field!(quad_class, SmallInt, false, "QuadClass: 1 to 4."),
    field!(goldstein, Real, false, "Goldstein score of the code."),
    field!(
        date,
        PartialDate,
        true,
        "The event's own date: YYYY, YYYY-MM or YYYY-MM-DD."
    ),
    Field {
        name: "date_precision",
        kind: Kind::Text,
        nullable: true,
        description: "How precisely the date is known: day, month, year or publication.",
        get: |r| match &r.date {
            Some(d) => Value::Text(Cow::Borrowed(d.precision.as_str())),
            None => Value::Null,
        },
        set: |r, v| {
            let p = match &v {
                Value::Null => return Ok(()),
                Value::Text(s) => Precision::parse(s),
                _ => None,
            }
            .ok_or("expected day, month, year or publication")?;
            if let Some(d) = &mut r.date {
                d.precision = p;
            }
            Ok(())
        },
    },
    field!(date_text, Text, true, "The date expression used."),
    field!(
        mode,
        Text,
        false,
        "asserted, planned, hypothetical or negated."
    ),
    field!(mode_cue, Text, true, "The word(s) that set the mode."),
    field!(
        rule,
        Text,
        false,
        "The pattern that fired: file:line pattern."
    ),
    field!(url, Text, true, "The article URL."),
    field!(
        place_name,
        Text,
        true,
        "Where the event happened: gazetteer name."
    ),
    field!(
        place_country,
        Text,
        true,
        "ISO 3166 alpha-3 country of the place."
    ),
    field!(place_adm1, Text, true, "First-level region of the place."),
    field!(
        place_adm1_code,
        Text,
        true,
        "GeoNames first-level region code (JP.40)."
    ),
    field!(place_lat, Degrees, true, "Latitude of the place."),
    field!(place_lon, Degrees, true, "Longitude of the place."),
    field!(
        place_feature,
        Text,
        true,
        "Kind of place: city, adm1, country, sea, ..."
    ),
    field!(place_geonameid, Int, true, "GeoNames id of the place."),
    field!(place_text, Text, true, "The words that named the place."),
    field!(place_how, Text, true, "How the place was chosen."),
];

/// The field of this name.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

impl Serialize for EventRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("EventRecord", FIELDS.len())?;
        for f in FIELDS {
            st.serialize_field(f.name, &(f.get)(self))?;
        }
        st.end()
    }
}

/// A JSON value of a field as read: null, text or a number.
struct Raw(Value<'static>);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("null, a string or a number")
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw(Value::Null))
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw(Value::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw(Value::Text(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Raw, E> {
                Ok(Raw(Value::Text(Cow::Owned(v))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw(Value::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
                i64::try_from(v)
                    .map(|v| Raw(Value::Int(v)))
                    .map_err(|_| E::custom(format!("{v} is too large")))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw(Value::Real(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
                Err(E::custom(format!("unexpected boolean {v}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a record from a map of its fields; unknown keys (`num_articles` of
/// an export, an `id`) are skipped and missing ones keep their defaults.
impl<'de> Deserialize<'de> for EventRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventRecord, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EventRecord;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event record")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventRecord, A::Error> {
                let mut got: Vec<(usize, Value<'static>)> = Vec::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match FIELDS.iter().position(|f| f.name == key) {
                        Some(i) => got.push((i, map.next_value::<Raw>()?.0)),
                        None => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                got.sort_by_key(|(i, _)| *i);
                let mut r = EventRecord::default();
                for (i, v) in got {
                    FIELDS[i].put(&mut r, v).map_err(de::Error::custom)?;
                }
                Ok(r)
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_nullability_matches_the_types() {
        let mut seen = std::collections::HashSet::new();
        let empty = EventRecord::default();
        for f in FIELDS {
            assert!(seen.insert(f.name), "{} twice", f.name);
            assert_eq!(
                (f.get)(&empty) == Value::Null,
                f.nullable,
                "{}: nullable is {} but an empty record gives {:?}",
                f.name,
                f.nullable,
                (f.get)(&empty)
            );
        }
    }

    #[test]
    fn codes_are_checked() {
        assert!(CameoCode::new("042").is_some());
        assert!(CameoCode::new("4").is_none());
        assert!(CameoCode::new("04a").is_none());
        assert_eq!(CameoCode::new("0421").unwrap().root(), "04");
        assert!(ActorCode::new("---INS").is_some());
        assert!(ActorCode::new("JPN GOV").is_none());
        assert!(ActorCode::new("").is_none());
    }
}
