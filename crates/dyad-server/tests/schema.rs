//! The event record is defined once (`dyad_core::schema::FIELDS`, plus what a
//! stored event adds, `dyad_store::query::STORED_FIELDS`); these tests fail
//! when the server's OpenAPI description or the README's schema table is out
//! of step with it. (The SQL schema is checked in dyad-store, the JSON and
//! CSV forms in dyad-core.)

use dyad_core::schema::FIELDS;
use dyad_store::query::STORED_FIELDS;
use serde_json::Value;

/// Names, kinds and nullability of every field of a stored event.
fn all_fields() -> Vec<(&'static str, &'static str, bool)> {
    FIELDS
        .iter()
        .map(|f| (f.name, f.kind.json_type(), f.nullable))
        .chain(
            STORED_FIELDS
                .iter()
                .map(|f| (f.name, f.kind.json_type(), f.nullable)),
        )
        .collect()
}

#[test]
fn openapi_event_matches_the_record() {
    let spec: Value = serde_json::from_str(include_str!("../assets/openapi.json")).unwrap();
    let props = spec["components"]["schemas"]["Event"]["properties"]
        .as_object()
        .expect("openapi.json: components.schemas.Event.properties");
    let fields = all_fields();
    for (name, ty, nullable) in &fields {
        let Some(p) = props.get(*name) else {
            panic!("openapi.json: Event has no property {name}: add it");
        };
        assert_eq!(p["type"], *ty, "openapi.json: type of Event.{name}");
        assert_eq!(
            p["nullable"].as_bool().unwrap_or(false),
            *nullable,
            "openapi.json: nullable of Event.{name}"
        );
    }
    for name in props.keys() {
        assert!(
            name == "id" || fields.iter().any(|f| f.0 == name),
            "openapi.json: Event.{name} is no field of the record"
        );
    }
    // Enumerations name every value the record can hold.
    let precision: Vec<&str> = props["date_precision"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(precision, ["day", "month", "year", "publication"]);
    let modes: Vec<&str> = props["mode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for m in &modes {
        assert!(dyad_core::Mode::parse(m).is_some(), "{m}");
    }
    assert_eq!(modes.len(), 4);
}

#[test]
fn readme_schema_table_matches_the_record() {
    let readme = include_str!("../../../README.md");
    let section = readme
        .split("\n## Output schema\n")
        .nth(1)
        .expect("README.md: ## Output schema");
    let mut names = Vec::new();
    let mut rows = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'));
    rows.next(); // header
    rows.next(); // |---|
    for row in rows {
        let first = row.split('|').nth(1).unwrap_or("");
        names.extend(first.split('`').skip(1).step_by(2).map(str::to_string));
    }
    // Rows group related fields (`source`, `target`), so the order is the
    // README's own; each field must be there exactly once.
    let mut listed: Vec<&str> = names.iter().map(String::as_str).collect();
    listed.sort_unstable();
    let mut fields: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    fields.sort_unstable();
    assert_eq!(
        listed, fields,
        "README.md's Output schema table must list each field of dyad_core::schema::FIELDS once"
    );
    let export = section
        .split("`dyad export` adds")
        .nth(1)
        .expect("README.md: the sentence on what `dyad export` adds");
    let export = &export[..export.find("\n\n").unwrap_or(export.len())];
    for f in STORED_FIELDS {
        assert!(
            export.contains(&format!("`{}`", f.name)),
            "README.md: `dyad export` adds ... must name `{}`",
            f.name
        );
    }
}
