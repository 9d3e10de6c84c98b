//! Fuzzes profile loading: any text must parse or fail with a located error, index its
//! positions, and pass through the profile checks, without panicking.
#![no_main]

use crosswalk_model::profile::ProfileFragment;
use crosswalk_model::validate::check_profile;
use crosswalk_model::yaml::{self, Locations};
use crosswalk_model::{Hub, Profile};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn hub() -> &'static Hub {
    static HUB: OnceLock<Hub> = OnceLock::new();
    HUB.get_or_init(|| yaml::parse(include_str!("../../frameworks/hub.yaml")).expect("the built-in hub parses"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let locations = Locations::index(text);
    if let Ok(profile) = yaml::parse::<Profile>(text) {
        for problem in check_profile(&profile, hub(), &["iso27001", "soc2", "hipaa"]) {
            let _ = locations.find(&problem.path);
        }
    }
    let _ = yaml::parse::<ProfileFragment>(text);
});
