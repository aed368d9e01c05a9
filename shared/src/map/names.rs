//! How names typed by people are matched to provinces.

/// The key a name is looked up by: upper case, dots dropped, hyphens and brackets spaced out and
/// runs of white space folded, so that `"St. Petersburg"`, `"st petersburg"` and
/// `"Mid-Atlantic"` match however they are typed.
pub fn normalise_name(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len() + 4);
    for ch in name.chars() {
        match ch {
            '.' | '\'' => {}
            '-' => spaced.push_str(" - "),
            c => spaced.extend(c.to_uppercase()),
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_dots_and_hyphens() {
        assert_eq!(normalise_name("St. Petersburg"), "ST PETERSBURG");
        assert_eq!(
            normalise_name("mid-atlantic  ocean"),
            "MID - ATLANTIC OCEAN"
        );
        assert_eq!(normalise_name(" mao "), "MAO");
    }
}
