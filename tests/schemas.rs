//! The committed JSON Schemas in `schemas/` are exactly what the Rust types generate.

use std::path::PathBuf;

#[test]
fn committed_schemas_are_current() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut stale = Vec::new();
    for (name, contents) in crosswalk_report::schemas::published() {
        if std::fs::read_to_string(folder.join(name)).ok().as_deref() != Some(contents.as_str()) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "stale or missing schemas {stale:?}: run `cargo xtask codegen` and commit schemas/");
}

#[test]
fn schemas_reject_unknown_fields_in_user_files() {
    let profile: serde_json::Value = serde_json::from_str(
        &crosswalk_report::schemas::published().into_iter().find(|(name, _)| *name == "profile.schema.json").expect("profile schema").1,
    )
    .expect("valid JSON");
    let control = &profile["$defs"]["Control"];
    assert_eq!(control["additionalProperties"], serde_json::Value::Bool(false), "typos in a control must not pass silently");
    assert!(control["required"].as_array().expect("required list").iter().any(|field| field == "objectives"));
}
