//! CLI behaviour, one small data file per case in `tests/cmd/` (arguments, expected output,
//! exit code): cheap to add, easy to read. `TRYCMD=overwrite cargo test -p crosswalk-cli`
//! rewrites the expectations; review the diff like code.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
