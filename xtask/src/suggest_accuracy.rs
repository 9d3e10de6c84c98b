//! `cargo xtask suggest-accuracy`: the mapping suggester measured on the built-in catalogs with
//! their mappings hidden, one framework left out at a time (it lends nothing to its own
//! suggestions; the others lend their mappings' words), printed per framework and overall.

use crate::BUILTIN_PLUGINS;
use crosswalk_model::{yaml, Hub};

const HUB_TEXT: &str = include_str!("../../frameworks/hub.yaml");

pub(crate) fn run() -> Result<(), String> {
    let hub: Hub = yaml::parse(HUB_TEXT).map_err(|error| format!("frameworks/hub.yaml: {}", error.message))?;
    let plugins = BUILTIN_PLUGINS
        .into_iter()
        .map(|create| create().map_err(|error| format!("{}: {}", error.source_name, error.error.message)))
        .collect::<Result<Vec<_>, _>>()?;
    let catalogs: Vec<_> = plugins.iter().map(|plugin| plugin.catalog()).collect();
    let (per_framework, total) = crosswalk_suggest::accuracy::measure(&hub, &catalogs);
    println!("| framework | n | top-1 | top-3 |\n| --- | --- | --- | --- |");
    for (id, accuracy) in per_framework.iter().map(|(id, accuracy)| (id.as_str(), accuracy)).chain([("all", &total)]) {
        println!(
            "| {id} | {} | {:.1} % ({}) | {:.1} % ({}) |",
            accuracy.requirements,
            accuracy.top1_percent(),
            accuracy.top1,
            accuracy.top3_percent(),
            accuracy.top3
        );
    }
    println!(
        "\nn: requirements with mappings (headings and governance-only ones excluded); correct: any objective the catalog maps the\n\
         requirement onto; each framework's suggestions use the other built-in catalogs' mappings, never its own."
    );
    Ok(())
}
