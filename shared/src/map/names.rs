//! How names typed by people are matched to provinces.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::ProvinceId;

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

/// FNV-1a: the table's keys are a few upper-case letters, for which SipHash's set-up costs more
/// than the hashing itself. The table is fixed when the map is built, so flooding is no concern.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The longest name an order may use, in words (`North Atlantic Ocean` is three).
pub const MAX_NAME_WORDS: usize = 6;

/// A name after its first word, and the province it names.
#[derive(Debug, Clone)]
struct Tail {
    words: Box<[Box<str>]>,
    province: ProvinceId,
}

/// Every name of a map's provinces (codes, full names, aliases) in normalised form, filed under
/// the name's first word, so that an order's words are matched without building a key: one hash
/// of the first word, then the few names starting with it compared word by word, longest first.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    by_first: HashMap<Box<str>, Vec<Tail>, BuildHasherDefault<Fnv>>,
}

impl NameTable {
    /// Adds a name already normalised; a later name of the same words replaces an earlier one.
    pub(crate) fn insert(&mut self, key: &str, province: ProvinceId) {
        let mut words = key.split(' ');
        let Some(first) = words.next().filter(|w| !w.is_empty()) else {
            return;
        };
        let rest: Box<[Box<str>]> = words.map(Box::from).collect();
        // An order's longest match spans at most this many words; longer names never matched.
        if rest.len() + 1 > MAX_NAME_WORDS {
            return;
        }
        let tails = self.by_first.entry(Box::from(first)).or_default();
        match tails.iter_mut().find(|t| t.words == rest) {
            Some(t) => t.province = province,
            None => {
                tails.push(Tail {
                    words: rest,
                    province,
                });
                // Longest first, so that the first match is the longest; equal lengths keep the
                // order they came in (the sort is stable), though they cannot both match.
                tails.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
            }
        }
    }

    /// The longest name that the words `word(0)`, `word(1)` ... (`count` of them) begin with,
    /// and how many words it took.
    pub fn longest<'w>(
        &self,
        count: usize,
        word: impl Fn(usize) -> &'w str,
    ) -> Option<(ProvinceId, usize)> {
        if count == 0 {
            return None;
        }
        let tails = self.by_first.get(word(0))?;
        let room = count.min(MAX_NAME_WORDS) - 1;
        tails
            .iter()
            .find(|t| {
                t.words.len() <= room
                    && t.words.iter().enumerate().all(|(k, w)| **w == *word(k + 1))
            })
            .map(|t| (t.province, t.words.len() + 1))
    }
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

    #[test]
    fn the_longest_name_wins_and_later_names_replace_earlier() {
        let mut t = NameTable::default();
        t.insert("NORTH", ProvinceId(1));
        t.insert("NORTH SEA", ProvinceId(2));
        t.insert("NORTH ATLANTIC OCEAN", ProvinceId(3));
        t.insert("NTH", ProvinceId(4));
        t.insert("NTH", ProvinceId(5));
        let find = |words: &[&str]| t.longest(words.len(), |i| words[i]);
        assert_eq!(
            find(&["NORTH", "SEA", "-", "HOL"]),
            Some((ProvinceId(2), 2))
        );
        assert_eq!(
            find(&["NORTH", "ATLANTIC", "OCEAN"]),
            Some((ProvinceId(3), 3))
        );
        // Only two words left: the three-word name cannot match.
        assert_eq!(find(&["NORTH", "ATLANTIC"]), Some((ProvinceId(1), 1)));
        assert_eq!(find(&["NTH"]), Some((ProvinceId(5), 1)));
        assert_eq!(find(&["SEA"]), None);
        assert_eq!(find(&[]), None);
    }
}
