//! A malformed user actor dictionary is rejected with the file and line number
//! (`ActorDict::with_user_files` returns `DictError { file, line, reason }`).

use std::path::PathBuf;

use dyad_core::actors::{ActorDict, DictError};

/// Writes `text` to a fresh temporary file and returns its path.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("dyad-test-{}-{name}.tsv", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path
}

fn error_for(name: &str, text: &str) -> (PathBuf, DictError) {
    let path = temp_file(name, text);
    let res = ActorDict::with_user_files(&[&path]);
    let _ = std::fs::remove_file(&path);
    match res {
        Ok(_) => panic!("malformed dictionary {name:?} was accepted"),
        Err(e) => (path, e),
    }
}

const GOOD: &str = "# my actors\nAcme Corporation|Acme\tUSABUS\tmetonym\n\n";

#[test]
fn malformed_lines_give_line_numbered_errors() {
    // (name, the bad line, what the reason should mention)
    let cases: &[(&str, &str, &str)] = &[
        ("columns", "Springfield\tUSA", "column"),
        ("kind", "Springfield\tUSA\tvillage", "kind"),
        ("code", "Springfield\tusa\tplace", "code"),
        ("agentcode", "mercenaries\tRUSMIL\tagent", "code"),
        ("blockcode", "Georgia peach\tUSA\tblock", "code"),
        ("datedplace", "Springfield\tUSA\tplace\t2020-01-01", "date"),
        ("date", "Jane Doe|~Doe\tGBRGOV\tperson\t2023-13-45", "date"),
        (
            "order",
            "Jane Doe|~Doe\tGBRGOV\tperson\t2024-01-01\t2023-01-01",
            "2024",
        ),
        ("empty", "Springfield||Shelbyville\tUSA\tplace", "empty"),
    ];
    for (name, bad, word) in cases {
        // The bad line is line 4: a comment, a good line and a blank line come first.
        let (path, e) = error_for(name, &format!("{GOOD}{bad}\nOgdenville\tUSA\tplace\n"));
        println!("{name}: {e}");
        assert_eq!(e.line, 4, "{name}: wrong line in {e}");
        assert_eq!(
            e.file,
            path.display().to_string(),
            "{name}: wrong file in {e}"
        );
        assert!(
            e.reason.to_lowercase().contains(&word.to_lowercase()),
            "{name}: reason {:?} does not mention {word:?}",
            e.reason
        );
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("{}:4:", path.display())),
            "{name}: Display is {shown:?}"
        );
    }
}

#[test]
fn missing_file_is_an_error() {
    let path = std::env::temp_dir().join(format!(
        "dyad-test-{}-does-not-exist.tsv",
        std::process::id()
    ));
    let e = ActorDict::with_user_files(&[&path]).expect_err("missing file accepted");
    assert_eq!(e.file, path.display().to_string());
    assert_eq!(e.line, 0);
}

#[test]
fn well_formed_user_file_loads() {
    let path = temp_file(
        "good",
        &format!("{GOOD}Jane Doe|~Doe\tGBRGOV\tperson\t2023-05-01\n"),
    );
    let res = ActorDict::with_user_files(&[&path]);
    let _ = std::fs::remove_file(&path);
    let dict = res.expect("well-formed user file rejected");
    assert!(dict.person_named("Jane Doe").is_some());
    assert!(dict
        .lookup("acme corporation")
        .iter()
        .any(|e| e.code == "USABUS"));
}
