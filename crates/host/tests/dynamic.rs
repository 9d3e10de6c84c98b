//! The run-time plugin loader through real libraries: the fixture crate
//! (`tests/plugin-fixtures`) built once per feature, each misbehaviour refused with its check
//! named, and a good plugin judging through the C ABI.

use chrono::NaiveDate;
use crosswalk_host::{load_plugin, Diagnostics, Registry};
use crosswalk_plugin_api::{Context, Demand, FrameworkPlugin, Judgement, Level, PluginFactory, Profile};

#[path = "../../../tests/plugin-fixtures/support.rs"]
mod support;
use support::private_copy;

/// Linked so the registry has a built-in `iso27001` for the duplicate-id fixture to collide with.
const ISO27001: PluginFactory = crosswalk_iso27001::plugin;

fn registry() -> Registry {
    std::hint::black_box(ISO27001);
    Registry::builtin().expect("built-in registry")
}

/// The one refusal's code and message.
fn refused(result: Result<impl std::fmt::Debug, Diagnostics>) -> (String, String) {
    let diagnostics = result.expect_err("the plugin must be refused");
    let [only] = diagnostics.0.as_slice() else { panic!("one refusal expected: {diagnostics:?}") };
    (only.code.clone(), only.headline())
}

#[test]
fn a_good_plugin_loads_and_judges_through_the_abi() {
    let (_folder, path) = private_copy("");
    let mut registry = registry();
    let plugin = load_plugin(&path, None, &registry.hub, &registry.ids()).expect("loads");
    assert_eq!(plugin.hello().id, "fixture");
    assert_eq!(plugin.hello().sdk_version, crosswalk_plugin_api::abi::SDK_VERSION);
    assert_eq!(plugin.sha256().len(), 64);
    assert!(plugin.source().contains(plugin.sha256()), "the source names the sha256: {}", plugin.source());

    let profile = Profile::default();
    let scope = plugin.prepare(&profile).expect("prepared");
    assert!(plugin.check_scope(&profile, &scope).is_empty());
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let context = Context { profile: &profile, as_of, scope: scope.as_ref() };
    assert_eq!(plugin.describe_scope(&context), "every requirement applies, as of 2026-11-30");
    let catalog = plugin.catalog();
    assert_eq!(
        plugin.judge(&catalog.requirements[0], &context),
        Judgement::Evaluate(Demand { level: Level::Implemented, judged_on: None, period: None, basis: "fixture: implemented".to_owned() })
    );
    assert_eq!(
        plugin.judge(&catalog.requirements[1], &context),
        Judgement::NotApplicable { reason: "the fixture scopes F-2 out".to_owned() }
    );

    // Through the registry, the pin it printed is accepted and the framework is there.
    let pin = plugin.sha256().to_uppercase();
    registry.load_library(&path, Some(&pin)).expect("loads with its pin");
    assert!(registry.plugin("fixture").is_ok());
    assert!(registry.refused().is_empty());
}

#[test]
fn a_sha256_mismatch_is_refused_and_the_registry_goes_on() {
    let (_folder, path) = private_copy("");
    let mut registry = registry();
    let (code, message) = refused(registry.load_library(&path, Some(&"0".repeat(64))));
    assert_eq!(code, "plugin::sha256-mismatch");
    assert!(message.contains(&path.display().to_string()) && message.contains("sha256 check"), "{message}");
    // The framework is not loaded, and asking for it says why.
    let Err(missing) = registry.plugin("fixture") else { panic!("`fixture` must not be loaded") };
    assert!(missing.0[0].help.contains("not loaded") && missing.0[0].help.contains("sha256"), "{}", missing.0[0].help);
    assert!(registry.plugin("iso27001").is_ok());
}

#[cfg(unix)]
#[test]
fn a_file_or_folder_writable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (folder, path) = private_copy("");
    let registry = registry();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::writable");
    assert!(message.contains("the file") && message.contains("666"), "{message}");

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::writable");
    assert!(message.contains("the folder"), "{message}");

    // Sticky and writable by others, but not owned by root: still refused (only a root-owned
    // sticky folder such as /tmp is trusted, whose entries others cannot replace).
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o1777)).expect("chmod");
    let sticky = load_plugin(&path, None, &registry.hub, &[]);
    let owner_is_root = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(folder.path()).expect("metadata")) == 0;
    assert_eq!(sticky.is_ok(), owner_is_root);

    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
    assert!(load_plugin(&path, None, &registry.hub, &[]).is_ok());
}

#[test]
fn a_wrong_abi_version_is_refused() {
    let (_folder, path) = private_copy("wrong-abi");
    let registry = registry();
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::abi-version");
    assert!(message.contains("ABI version 99"), "{message}");
}

#[test]
fn a_library_without_the_entry_symbol_is_refused() {
    let (_folder, path) = private_copy("no-entry");
    let registry = registry();
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::entry-symbol");
    assert!(message.contains("crosswalk_plugin_v1"), "{message}");
}

#[test]
fn a_duplicate_framework_id_is_refused() {
    let (_folder, path) = private_copy("duplicate-id");
    let mut registry = registry();
    let (code, message) = refused(registry.load_library(&path, None));
    assert_eq!(code, "plugin::duplicate-id");
    assert!(message.contains("`iso27001` is already loaded"), "{message}");
    assert_eq!(registry.plugin("iso27001").expect("the built-in stays").source(), "built-in");
}

#[test]
fn an_invalid_catalog_is_refused() {
    let (_folder, path) = private_copy("invalid-catalog");
    let registry = registry();
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::catalog");
    assert!(message.contains("NOPE-99"), "{message}");
}

#[test]
fn a_plugin_that_panics_is_refused_without_taking_the_host_down() {
    let (_folder, path) = private_copy("panics");
    let registry = registry();
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::error");
    assert!(message.contains("plugin panicked: the fixture panics on purpose"), "{message}");
}

#[test]
fn a_plugin_returning_malformed_json_is_refused() {
    let (_folder, path) = private_copy("malformed-json");
    let registry = registry();
    let (code, message) = refused(load_plugin(&path, None, &registry.hub, &[]));
    assert_eq!(code, "plugin::malformed-reply");
    assert!(message.contains("malformed reply"), "{message}");
}

#[test]
fn a_path_that_is_not_a_file_is_refused_before_loading() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let registry = registry();
    let (code, _) = refused(load_plugin(folder.path(), None, &registry.hub, &[]));
    assert_eq!(code, "plugin::not-a-file");
    let (code, _) = refused(load_plugin(&folder.path().join("missing.so"), None, &registry.hub, &[]));
    assert_eq!(code, "plugin::unreadable");
}

#[test]
fn a_plugin_failing_at_run_time_is_held_to_verified_never_coverage() {
    let (_folder, path) = private_copy("panics-judging");
    let registry = registry();
    let plugin = load_plugin(&path, None, &registry.hub, &[]).expect("loads: judging is not part of loading");
    let profile = Profile::default();
    let scope = plugin.prepare(&profile).expect("prepared");
    assert!(plugin.check_scope(&profile, &scope).is_empty(), "checking the scope judges nothing");
    let context = Context { profile: &profile, as_of: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"), scope: scope.as_ref() };
    let Judgement::Evaluate(demand) = plugin.judge(&plugin.catalog().requirements[1], &context) else { panic!("an evaluation") };
    assert_eq!(demand.level, Level::Verified);
    assert!(demand.basis.contains("plugin panicked: the fixture panics judging F-1"), "{}", demand.basis);
    assert!(plugin.describe_scope(&context).contains("could not judge"), "{}", plugin.describe_scope(&context));
}
