//! Plugin libraries for the loader's refusal tests: without a feature, a well-behaved plugin of
//! framework `fixture`; each cargo feature breaks one thing the host must refuse (the tests in
//! `crates/host/tests/dynamic.rs` build one library per feature).

use crosswalk_plugin_sdk::{
    parse_catalog, CatalogError, Context, Demand, FrameworkCatalog, FrameworkPlugin, Judgement, Level, Prepared, Problem, Profile,
    Requirement,
};

#[cfg(not(any(feature = "invalid-catalog", feature = "duplicate-id")))]
const CATALOG: (&str, &str) = ("catalog.yaml", include_str!("../catalog.yaml"));
#[cfg(feature = "invalid-catalog")]
const CATALOG: (&str, &str) = ("invalid-catalog.yaml", include_str!("../invalid-catalog.yaml"));
#[cfg(all(feature = "duplicate-id", not(feature = "invalid-catalog")))]
const CATALOG: (&str, &str) = ("duplicate-id.yaml", include_str!("../duplicate-id.yaml"));

#[derive(Debug)]
struct Fixture {
    catalog: FrameworkCatalog,
}

/// Builds the fixture plugin (under `panics`, panics instead).
pub fn plugin() -> Result<Box<dyn FrameworkPlugin>, CatalogError> {
    if cfg!(feature = "panics") {
        panic!("the fixture panics on purpose");
    }
    Ok(Box::new(Fixture { catalog: parse_catalog(CATALOG.0, CATALOG.1)? }))
}

impl FrameworkPlugin for Fixture {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn prepare(&self, _profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        Ok(Box::new(()))
    }

    fn check_scope(&self, _profile: &Profile, _scope: &Prepared) -> Vec<Problem> {
        Vec::new()
    }

    fn describe_scope(&self, context: &Context) -> String {
        format!("every requirement applies, as of {}", context.as_of)
    }

    fn judge(&self, requirement: &Requirement, _context: &Context) -> Judgement {
        if cfg!(feature = "panics-judging") {
            panic!("the fixture panics judging {}", requirement.id);
        }
        if requirement.id == "F-2" {
            return Judgement::NotApplicable { reason: "the fixture scopes F-2 out".to_owned() };
        }
        Judgement::Evaluate(Demand { level: Level::Implemented, judged_on: None, period: None, basis: "fixture: implemented".to_owned() })
    }
}

#[cfg(not(any(feature = "no-entry", feature = "wrong-abi", feature = "malformed-json")))]
crosswalk_plugin_sdk::export_plugin!(plugin);

/// A hand-written table for what the SDK's macro never produces: another ABI version, or replies
/// that are not JSON.
#[cfg(all(not(feature = "no-entry"), any(feature = "wrong-abi", feature = "malformed-json")))]
#[allow(unsafe_code)]
mod raw {
    use crosswalk_plugin_sdk::abi::{Buffer, PluginTable, ABI_VERSION};

    fn malformed() -> Buffer {
        Buffer::from_vec(br#"{"ok": {"id": "fixture", "plugin_"#.to_vec())
    }

    extern "C" fn hello() -> Buffer {
        malformed()
    }

    extern "C" fn catalog() -> Buffer {
        malformed()
    }

    extern "C" fn scope_schema() -> Buffer {
        malformed()
    }

    unsafe extern "C" fn judge(_input: *const u8, _len: usize) -> Buffer {
        malformed()
    }

    unsafe extern "C" fn free(buffer: Buffer) {
        // SAFETY: every buffer this library returns is `Buffer::from_vec` of a `Vec<u8>` made
        // here, and the host gives each back once, unchanged.
        drop(unsafe { Vec::from_raw_parts(buffer.ptr, buffer.len, buffer.cap) });
    }

    const DECLARED_VERSION: u32 = if cfg!(feature = "wrong-abi") { ABI_VERSION + 98 } else { ABI_VERSION };

    static TABLE: PluginTable = PluginTable { abi_version: DECLARED_VERSION, hello, catalog, scope_schema, judge, free };

    #[no_mangle]
    pub extern "C" fn crosswalk_plugin_v1() -> *const PluginTable {
        &TABLE
    }
}
