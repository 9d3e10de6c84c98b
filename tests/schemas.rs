//! The committed JSON Schemas in `schemas/` are exactly what the Rust types generate.

use crosswalk_plugin_api::{PluginFactory, Schema};
use std::path::PathBuf;

/// The built-in plugins' scope sections, by id: what `cargo xtask codegen` composes the profile's
/// schema of.
fn sections() -> Vec<(String, Schema)> {
    let plugins: [PluginFactory; 3] = [crosswalk_iso27001::plugin, crosswalk_soc2::plugin, crosswalk_hipaa::plugin];
    let mut sections: Vec<(String, Schema)> = plugins
        .into_iter()
        .map(|create| create().expect("built-in catalog"))
        .filter_map(|plugin| Some((plugin.catalog().framework.id.clone(), plugin.scope_schema()?)))
        .collect();
    sections.sort_by(|a, b| a.0.cmp(&b.0));
    sections
}

#[test]
fn committed_schemas_are_current() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut stale = Vec::new();
    for (name, contents) in crosswalk_report::schemas::published(&sections()) {
        if std::fs::read_to_string(folder.join(name)).ok().as_deref() != Some(contents.as_str()) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "stale or missing schemas {stale:?}: run `cargo xtask codegen` and commit schemas/");
}

/// The published profile schema, composed with the built-in plugins' scope sections.
fn profile_schema() -> serde_json::Value {
    let published = crosswalk_report::schemas::published(&sections());
    let (_, text) = published.into_iter().find(|(name, _)| *name == "profile.schema.json").expect("profile schema");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn schemas_reject_unknown_fields_in_user_files() {
    let profile = profile_schema();
    let control = &profile["$defs"]["Control"];
    assert_eq!(control["additionalProperties"], serde_json::Value::Bool(false), "typos in a control must not pass silently");
    assert!(control["required"].as_array().expect("required list").iter().any(|field| field == "objectives"));
}

#[test]
fn the_profile_schema_holds_each_plugins_scope_section_and_refuses_others() {
    let profile = profile_schema();
    let scope = &profile["$defs"]["Scope"];
    assert_eq!(scope["additionalProperties"], serde_json::Value::Bool(false), "an unknown scope section must not pass silently");
    for id in ["frameworks", "iso27001", "soc2", "hipaa"] {
        assert!(scope["properties"].get(id).is_some(), "scope.{id} is missing: {scope}");
    }
    let soc2 = &profile["$defs"]["Soc2Scope"];
    assert_eq!(soc2["additionalProperties"], serde_json::Value::Bool(false), "typos in a section must not pass silently");
    assert!(soc2["properties"].get("type").is_some(), "{soc2}");
}
