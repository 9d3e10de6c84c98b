//! YAML scalars written as text for `gen-profile`: quoted strings and durations.

/// `text` as a YAML double-quoted scalar, which may hold any character once `\` and `"` are
/// escaped and control characters are written as escapes: a title with `: `, `#` or a leading `-`
/// can never change the document's structure.
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Minutes in the profile's duration syntax, in the largest whole unit (`90m`, `4h`, `2d`).
pub fn duration(minutes: u64) -> String {
    if minutes != 0 && minutes % (24 * 60) == 0 {
        format!("{}d", minutes / (24 * 60))
    } else if minutes != 0 && minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Holder {
        value: String,
    }

    #[test]
    fn quoted_strings_read_back_unchanged() {
        for text in ["plain", "a: colon # hash", "- dash", "\"quotes\" and \\ backslash", "tab\tnew\nline\u{7}", "O'Neill", "*", ""] {
            let yaml = format!("value: {}\n", quote(text));
            let holder: Holder = crosswalk_model::yaml::parse(&yaml).expect("valid YAML");
            assert_eq!(holder.value, text);
        }
    }

    #[test]
    fn durations_use_their_largest_whole_unit() {
        assert_eq!(duration(90), "90m");
        assert_eq!(duration(240), "4h");
        assert_eq!(duration(2880), "2d");
    }
}
