//! Fuzzes framework catalog loading: parse, locate and check against the built-in hub without
//! panicking.
#![no_main]

use crosswalk_model::validate::check_framework;
use crosswalk_model::yaml::{self, Locations};
use crosswalk_model::{FrameworkCatalog, Hub};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn hub() -> &'static Hub {
    static HUB: OnceLock<Hub> = OnceLock::new();
    HUB.get_or_init(|| yaml::parse(include_str!("../../frameworks/hub.yaml")).expect("the built-in hub parses"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let locations = Locations::index(text);
    if let Ok(catalog) = yaml::parse::<FrameworkCatalog>(text) {
        for problem in check_framework(&catalog, hub()) {
            let _ = locations.find(&problem.path);
        }
    }
});
