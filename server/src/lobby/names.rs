//! Player names as people read them: trimmed, in Unicode's compatibility form (NFKC, so that
//! full-width `Ａｄａ` is `Ada`), inner spaces collapsed, compared without case; characters a
//! reader cannot see or that reorder the text (controls, zero-width characters, bidirectional
//! overrides, fillers) refused with a reason, so that two names that look alike are one name.

use entente_shared::protocol::MAX_NAME_CHARS;
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// Why a character may not be in a name, if it may not.
fn unseen(c: char) -> Option<&'static str> {
    use GeneralCategory::*;
    match get_general_category(c) {
        Control => Some("a control character"),
        // Zero-width spaces and joiners, bidirectional marks and overrides, soft hyphens ...
        Format => Some("an invisible or text-reordering character"),
        LineSeparator | ParagraphSeparator => Some("a line break"),
        PrivateUse | Surrogate | Unassigned => Some("a character with no agreed look"),
        _ => match c {
            // Letters and signs that draw as blank space.
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{034F}' => {
                Some("a blank filler character")
            }
            '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => Some("a variation selector"),
            _ => None,
        },
    }
}

/// A name as given, made into the name kept: NFKC, trimmed, inner spaces collapsed; refused
/// (with the reason to show) when empty, too long or holding characters nobody can see.
pub fn normal_name(raw: &str) -> Result<String, String> {
    let nfkc: String = raw.nfkc().collect();
    if let Some((c, why)) = nfkc.chars().find_map(|c| unseen(c).map(|w| (c, w))) {
        return Err(format!(
            "a name may not hold {why} (U+{:04X}): type it with letters, digits and spaces",
            c as u32
        ));
    }
    let name = nfkc.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return Err(format!("give a name of 1 to {MAX_NAME_CHARS} letters"));
    }
    Ok(name)
}

/// What two names are compared by: the same for names that differ only in case (after NFKC).
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .nfkc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    folded.nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_and_unseen_characters_refused() {
        assert_eq!(normal_name("  Ada  ").unwrap(), "Ada");
        assert_eq!(normal_name("Ａｄａ").unwrap(), "Ada");
        assert_eq!(
            normal_name("Ada\u{00A0}  Lovelace").unwrap(),
            "Ada Lovelace"
        );
        assert_eq!(name_key(" aDa "), name_key("Ada"));
        assert_eq!(name_key("ＡＤＡ"), name_key("ada"));
        assert_ne!(name_key("Ada"), name_key("Adam"));
        for bad in [
            "A\u{200B}da",
            "Ada\u{202E}",
            "\u{2066}Ada",
            "A\u{00AD}da",
            "Ada\u{0007}",
            "\u{3164}",
            "Ada\u{FE0F}",
        ] {
            let why = normal_name(bad).unwrap_err();
            assert!(why.contains("U+"), "{bad:?}: {why}");
        }
        assert!(
            normal_name("A\u{200B}da")
                .unwrap_err()
                .contains("invisible")
        );
        assert!(normal_name("   ").is_err());
        assert!(normal_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        // Accents and other scripts are names like any other.
        assert_eq!(normal_name("Zoë").unwrap(), "Zoë");
        assert_eq!(normal_name("Мария").unwrap(), "Мария");
        assert_eq!(name_key("Мария"), name_key("МАРИЯ"));
    }
}
