//! Text normalisation for ranking: words split and lower-cased, common words dropped, each word
//! reduced to a stem so `encrypted`, `encryption` and `encrypting` meet, and the security
//! vocabulary's synonyms, so a requirement saying `vendor` finds an objective saying `supplier`.

use std::collections::BTreeMap;

/// One word of a text: its stem (what is compared) and the word as written (what a reviewer reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub stem: String,
    pub surface: String,
}

/// The words of `text` worth comparing, in order: lower-cased, split on anything that is not a
/// letter or digit, without common English words and without the words every requirement uses
/// to say what an auditor looks for.
pub fn words(text: &str) -> Vec<Word> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| word.len() > 1 && !is_stop_word(word) && !word.chars().all(|c| c.is_ascii_digit()))
        .map(|surface| Word { stem: stem(&surface), surface })
        .collect()
}

/// Words that carry no subject: grammar, and the phrasing framework descriptions share
/// ("an auditor looks for evidence that ..."). Sorted, for the binary search.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "against",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "asks",
    "at",
    "auditor",
    "auditors",
    "be",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "checks",
    "could",
    "did",
    "do",
    "does",
    "done",
    "each",
    "either",
    "evidence",
    "expect",
    "expects",
    "for",
    "from",
    "had",
    "has",
    "have",
    "how",
    "if",
    "in",
    "includes",
    "including",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "keeps",
    "look",
    "looks",
    "makes",
    "may",
    "more",
    "most",
    "must",
    "no",
    "not",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "should",
    "shows",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "under",
    "up",
    "upon",
    "was",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
];

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Suffixes removed after the plural, longest first; the stem keeps at least three letters.
const SUFFIXES: &[&str] = &[
    "izations", "isations", "ization", "isation", "ibility", "ability", "ations", "nesses", "ation", "ments", "ities", "ating", "izing",
    "ising", "ment", "ness", "ings", "ated", "ates", "ized", "ised", "izes", "ises", "ions", "ally", "able", "ible", "ence", "ance", "ity",
    "ing", "ate", "ize", "ise", "ion", "ers", "ous", "ive", "ed", "er", "ly", "al", "ic",
];

/// A light English stemmer: plural, then one derivational or inflectional suffix, then a final
/// `e` or `y`. It only has to make the forms of one word meet, not produce a dictionary word
/// (`authenticated`, `authentication` and `authenticate` all become `authentic`).
pub fn stem(word: &str) -> String {
    let mut stem = word.to_owned();
    if stem.chars().count() <= 3 || !stem.is_ascii() {
        return stem;
    }
    if let Some(base) = stem.strip_suffix("ies") {
        stem = format!("{base}y");
    } else if ["ses", "xes", "zes", "ches", "shes"].iter().any(|suffix| stem.ends_with(suffix)) {
        stem.truncate(stem.len() - 2);
    } else if stem.ends_with('s') && !["ss", "us", "is"].iter().any(|suffix| stem.ends_with(suffix)) {
        stem.truncate(stem.len() - 1);
    }
    if let Some(suffix) = SUFFIXES.iter().find(|suffix| stem.ends_with(*suffix) && stem.len() - suffix.len() >= 3) {
        stem.truncate(stem.len() - suffix.len());
        // `logging` → `logg` → `log`, `planned` → `plann` → `plan`.
        let bytes = stem.as_bytes();
        let last = bytes[bytes.len() - 1];
        if bytes[bytes.len() - 2] == last && !b"lsz".contains(&last) && !b"aeiou".contains(&last) {
            stem.truncate(stem.len() - 1);
        }
    }
    if stem.len() >= 4 && (stem.ends_with('e') || stem.ends_with('y')) {
        stem.truncate(stem.len() - 1);
    }
    stem
}

/// Words the security vocabulary uses for one idea, each group written as plain words (stemmed
/// when the table is built). A requirement's word also looks for the others of its groups, at a
/// lower weight than the word itself.
const SYNONYMS: &[&[&str]] = &[
    &["backup", "restore", "recovery", "copies", "retrievable"],
    &["encryption", "cryptography", "cryptographic", "cipher", "decryption", "encrypt"],
    &["malware", "virus", "antivirus", "malicious", "ransomware"],
    &["supplier", "vendor", "provider", "subservice", "contractor", "outsourced", "associate", "subcontractor"],
    &["training", "awareness", "education", "reminders"],
    &["incident", "breach", "compromise", "violation"],
    &["continuity", "contingency", "disaster", "emergency", "disruption", "resilience"],
    &["facility", "premises", "site", "building", "physical"],
    &["workstation", "endpoint", "device", "laptop", "desktop"],
    &["media", "disposal", "sanitization", "reuse", "destruction", "wipe"],
    &["sanction", "disciplinary", "discipline"],
    &["termination", "offboarding", "departure", "leavers", "leaving"],
    &["authentication", "login", "password", "credential", "multifactor", "mfa"],
    &["authorization", "permission", "privilege", "entitlement", "clearance", "rights"],
    &["audit", "log", "logging", "trail", "recording"],
    &["integrity", "tampering", "alteration", "corruption", "unauthorized"],
    &["transmission", "transit", "network", "communication", "transfer"],
    &["vulnerability", "patch", "weakness", "flaw", "remediation"],
    &["workforce", "personnel", "staff", "employee"],
    &["evaluation", "assessment", "audit", "review"],
    &["retention", "retain", "preserve", "archive"],
    &["capacity", "performance", "availability"],
    &["consent", "choice", "preference", "opt"],
    &["separation", "segregation", "segmentation", "isolation"],
    &["configuration", "hardening", "baseline"],
    &["development", "software", "code", "programming", "engineering"],
    &["inventory", "asset", "register"],
    &["classification", "labelling", "labeling", "label", "categorization"],
    &["timeout", "logoff", "inactivity", "session"],
    &["identifier", "identity", "account", "username", "unique"],
    &["privacy", "personal", "individual", "subject"],
    &["notice", "notification", "inform", "disclose"],
    &["threat", "intelligence", "adversary"],
    &["monitoring", "detection", "alert", "surveillance"],
    &["policy", "procedure", "rule"],
];

/// The synonym table: for each stem, the other stems of every group it belongs to.
#[derive(Debug, Clone)]
pub struct Synonyms(BTreeMap<String, Vec<String>>);

impl Synonyms {
    /// The security vocabulary's synonyms.
    pub fn security() -> Self {
        let mut table: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for group in SYNONYMS {
            let stems: Vec<String> = group.iter().map(|word| stem(word)).collect();
            for own in &stems {
                let others = table.entry(own.clone()).or_default();
                others.extend(stems.iter().filter(|other| *other != own).cloned());
                others.sort();
                others.dedup();
            }
        }
        Self(table)
    }

    /// The stems that mean what `stem` means, without `stem` itself.
    pub fn of(&self, stem: &str) -> &[String] {
        self.0.get(stem).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_the_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_stop_word("auditor") && !is_stop_word("backup"));
    }

    #[test]
    fn forms_of_one_word_meet() {
        for family in [
            &["encrypted", "encryption", "encrypting", "encrypts"][..],
            &["authenticated", "authentication", "authenticate"],
            &["backups", "backup"],
            &["logging", "logs", "log"],
            &["policies", "policy"],
            &["processes", "process"],
            &["monitoring", "monitored", "monitor"],
            &["restored", "restore", "restoring"],
        ] {
            let stems: Vec<String> = family.iter().map(|word| stem(word)).collect();
            assert!(stems.windows(2).all(|pair| pair[0] == pair[1]), "{family:?} gave {stems:?}");
        }
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(stem("access"), stem("accept"));
        assert_ne!(stem("backup"), stem("back"));
        assert_eq!(stem("access"), "access", "a double s is not a plural");
        assert_eq!(stem("analysis"), "analysis");
    }

    #[test]
    fn words_drop_grammar_and_numbers_and_keep_what_was_written() {
        let found = words("An auditor looks for 12 encrypted Backups, and the MFA!");
        let pairs: Vec<(&str, &str)> = found.iter().map(|w| (w.stem.as_str(), w.surface.as_str())).collect();
        assert_eq!(pairs, [("encrypt", "encrypted"), ("backup", "backups"), ("mfa", "mfa")]);
    }

    #[test]
    fn synonyms_work_both_ways_and_not_beyond_their_group() {
        let synonyms = Synonyms::security();
        assert!(synonyms.of(&stem("vendor")).contains(&stem("supplier")));
        assert!(synonyms.of(&stem("supplier")).contains(&stem("vendors")));
        assert!(!synonyms.of(&stem("vendor")).contains(&stem("vendor")));
        assert!(synonyms.of(&stem("firewall")).is_empty());
    }
}
