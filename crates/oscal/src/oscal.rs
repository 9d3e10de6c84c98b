//! The parts of the OSCAL catalog and profile models that the import reads, as typed serde
//! structs. OSCAL documents carry many more fields (uuids, back matter, assessment objectives,
//! roles, ...): they are skipped, never refused, so any conforming catalog reads.

use serde::de::IgnoredAny;
use serde::Deserialize;

/// A catalog file's top level. The other top-level keys are read only to say what the file is
/// when it is not a catalog.
#[derive(Debug, Deserialize)]
pub(crate) struct CatalogDocument {
    pub catalog: Option<Catalog>,
    pub profile: Option<IgnoredAny>,
    pub framework: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Catalog {
    pub metadata: Metadata,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub controls: Vec<Control>,
    #[serde(default)]
    pub groups: Vec<Group>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Metadata {
    pub title: String,
    pub version: String,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub responsible_parties: Vec<ResponsibleParty>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Party {
    pub uuid: String,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ResponsibleParty {
    pub role_id: String,
    #[serde(default)]
    pub party_uuids: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Group {
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub controls: Vec<Control>,
}

/// A control, or (nested in a control's `controls`) an enhancement of it.
#[derive(Debug, Deserialize)]
pub(crate) struct Control {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub props: Vec<Prop>,
    #[serde(default)]
    pub parts: Vec<Part>,
    #[serde(default)]
    pub controls: Vec<Control>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Prop {
    pub name: String,
    pub value: String,
    pub class: Option<String>,
}

/// A part of a control: its `statement` (with nested `item`s), its guidance, ...
#[derive(Debug, Deserialize)]
pub(crate) struct Part {
    pub name: String,
    #[serde(default)]
    pub props: Vec<Prop>,
    pub prose: Option<String>,
    #[serde(default)]
    pub parts: Vec<Part>,
}

/// A parameter a control's prose inserts (`{{ insert: param, ac-2_prm_1 }}`).
#[derive(Debug, Deserialize)]
pub(crate) struct Param {
    pub id: String,
    pub label: Option<String>,
    #[serde(default)]
    pub guidelines: Vec<Guideline>,
    #[serde(default)]
    pub values: Vec<String>,
    pub select: Option<Select>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Guideline {
    pub prose: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Select {
    pub how_many: Option<String>,
    #[serde(default)]
    pub choice: Vec<String>,
}

/// A profile file's top level; `catalog` is read only to say so when a catalog is given as the
/// profile.
#[derive(Debug, Deserialize)]
pub(crate) struct ProfileDocument {
    pub profile: Option<Profile>,
    pub catalog: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Profile {
    #[serde(default)]
    pub imports: Vec<Import>,
}

/// One import of a profile. Its `href` names the catalog it selects from; the import reads the
/// catalog given on the command line instead.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Import {
    pub include_all: Option<IgnoredAny>,
    #[serde(default)]
    pub include_controls: Vec<SelectControls>,
    #[serde(default)]
    pub exclude_controls: Vec<SelectControls>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct SelectControls {
    #[serde(default)]
    pub with_ids: Vec<String>,
    pub with_child_controls: Option<String>,
    #[serde(default)]
    pub matching: Vec<IgnoredAny>,
}
