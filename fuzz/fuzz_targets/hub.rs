//! Fuzzes hub loading: parse, locate and check without panicking.
#![no_main]

use crosswalk_model::validate::check_hub;
use crosswalk_model::yaml::{self, Locations};
use crosswalk_model::Hub;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let locations = Locations::index(text);
    if let Ok(hub) = yaml::parse::<Hub>(text) {
        for problem in check_hub(&hub) {
            let _ = locations.find(&problem.path);
        }
    }
});
