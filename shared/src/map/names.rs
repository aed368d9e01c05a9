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
/// the name's first word, so that an order's words are matched without building a key: one look-up
/// of the first word, then the few names starting with it compared word by word, longest first.
///
/// First words of up to [`SHORT_WORD`] bytes (codes, most first words) are looked up by their
/// bytes packed into one number, in a table of their own: one multiply and a compare instead of
/// hashing the text and comparing strings.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    /// The names starting with each first word, longest first.
    lists: Vec<Vec<Tail>>,
    /// First words longer than [`SHORT_WORD`] bytes: their list.
    long: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    /// Short first words, by [`packed`] key, open addressing (a key of 0 marks an empty slot):
    /// (key, list).
    short: Vec<(u64, u32)>,
    /// Short first words filed.
    short_count: usize,
}

/// The longest first word looked up by its packed bytes.
const SHORT_WORD: usize = 7;

/// A word of 1 to [`SHORT_WORD`] bytes as one number: the bytes, and the length in the top byte
/// (so no two such words share a key, and none is 0).
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > SHORT_WORD {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[7] = bytes.len() as u8;
    Some(u64::from_le_bytes(buf))
}

/// The slot a packed key starts its search at, in a table of `2^bits` slots.
fn home(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
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
        let list = match self.list_of(first) {
            Some(l) => l,
            None => self.file(first),
        };
        let tails = &mut self.lists[list];
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

    /// Files a new first word with an empty list, and returns the list.
    fn file(&mut self, first: &str) -> usize {
        let list = self.lists.len();
        self.lists.push(Vec::new());
        match packed(first) {
            None => {
                self.long.insert(Box::from(first), list as u32);
            }
            Some(key) => {
                // At most half full.
                if (self.short_count + 1) * 2 > self.short.len() {
                    let size = (self.short.len() * 2).max(64);
                    let old = std::mem::replace(&mut self.short, vec![(0, 0); size]);
                    for (k, l) in old.into_iter().filter(|&(k, _)| k != 0) {
                        self.place_short(k, l);
                    }
                }
                self.place_short(key, list as u32);
                self.short_count += 1;
            }
        }
        list
    }

    /// Puts a short key in the first free slot from its home.
    fn place_short(&mut self, key: u64, list: u32) {
        let bits = self.short.len().trailing_zeros();
        let mask = self.short.len() - 1;
        let mut i = home(key, bits);
        while self.short[i].0 != 0 {
            i = (i + 1) & mask;
        }
        self.short[i] = (key, list);
    }

    /// The list of names starting with `first`, if any.
    fn list_of(&self, first: &str) -> Option<usize> {
        match packed(first) {
            Some(key) => {
                if self.short.is_empty() {
                    return None;
                }
                let bits = self.short.len().trailing_zeros();
                let mask = self.short.len() - 1;
                let mut i = home(key, bits);
                loop {
                    match self.short[i] {
                        (0, _) => return None,
                        (k, l) if k == key => return Some(l as usize),
                        _ => i = (i + 1) & mask,
                    }
                }
            }
            None => self.long.get(first).map(|&l| l as usize),
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
        let tails = &self.lists[self.list_of(word(0))?];
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

    #[test]
    fn short_and_long_first_words_are_found_however_many() {
        let mut t = NameTable::default();
        // Enough short words to grow the table several times, words of every length, and words
        // that differ only by a trailing byte the packing must not lose.
        let words: Vec<String> = (0..500)
            .map(|k| format!("W{k}"))
            .chain((1..=12).map(|n| "X".repeat(n)))
            .chain(["A".to_string(), "A\0".to_string(), "AB\0".to_string()])
            .collect();
        for (k, w) in words.iter().enumerate() {
            t.insert(w, ProvinceId(k as u16));
        }
        for (k, w) in words.iter().enumerate() {
            assert_eq!(
                t.longest(1, |_| w.as_str()),
                Some((ProvinceId(k as u16), 1)),
                "{w:?}"
            );
        }
        for missing in ["W500", "XXXXXXXXXXXXX", "B", "", "A\0\0"] {
            assert_eq!(t.longest(1, |_| missing), None, "{missing:?}");
        }
    }
}
