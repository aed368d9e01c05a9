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
    /// Each word's [`word_key`] (0 for a word too long to pack: then its text decides).
    keys: Box<[u128]>,
    words: Box<[Box<str>]>,
    province: ProvinceId,
}

impl Tail {
    /// Whether the words `key(1)`/`word(1)` ... `key(n)`/`word(n)` are this tail's.
    fn matches<'w>(&self, key: &impl Fn(usize) -> u128, word: &impl Fn(usize) -> &'w str) -> bool {
        self.keys
            .iter()
            .zip(self.words.iter())
            .enumerate()
            .all(|(k, (&want, text))| key(k + 1) == want && (want != 0 || **text == *word(k + 1)))
    }
}

/// Every name of a map's provinces (codes, full names, aliases) in normalised form, filed under
/// the name's first word, so that an order's words are matched without building a key: one look-up
/// of the first word, then the few names starting with it compared word by word, longest first.
///
/// Words of up to [`SHORT_WORD`] bytes (codes, nearly every word of a name) are compared and
/// looked up by their bytes packed into one number ([`word_key`]): one multiply and a compare
/// instead of hashing the text and comparing strings.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    /// The names starting with each first word, longest first.
    lists: Vec<Vec<Tail>>,
    /// First words longer than [`SHORT_WORD`] bytes: their list.
    long: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    /// Short first words, by [`word_key`], open addressing (a key of 0 marks an empty slot).
    short: Vec<Slot>,
    /// Short first words filed.
    short_count: usize,
}

/// A short first word's entry in [`NameTable::short`].
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u128,
    list: u32,
    /// The province when the word's only name is the word itself (a code, mostly), so that the
    /// longest match is known without looking at the list; [`NOT_ALONE`] otherwise.
    alone: u16,
}

const NOT_ALONE: u16 = u16::MAX;

/// The longest word packed into a [`word_key`].
pub const SHORT_WORD: usize = 15;

/// A word of 1 to [`SHORT_WORD`] bytes as one number: the bytes, and the length in the top byte
/// (so no two such words share a key, and none is 0); 0 for an empty or longer word. Words are
/// compared by their keys where both have one.
pub const fn word_key(word: &[u8]) -> u128 {
    if word.is_empty() || word.len() > SHORT_WORD {
        return 0;
    }
    let mut key = (word.len() as u128) << 120;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// The slot a [`word_key`] starts its search at, in a table of `2^bits` slots.
pub const fn key_home(key: u128, bits: u32) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
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
        let list = match self.list_of(word_key(first.as_bytes()), first) {
            Some(l) => l,
            None => self.file(first),
        };
        let tails = &mut self.lists[list];
        match tails.iter_mut().find(|t| t.words == rest) {
            Some(t) => t.province = province,
            None => {
                tails.push(Tail {
                    keys: rest.iter().map(|w| word_key(w.as_bytes())).collect(),
                    words: rest,
                    province,
                });
                // Longest first, so that the first match is the longest; equal lengths keep the
                // order they came in (the sort is stable), though they cannot both match.
                tails.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
            }
        }
        let alone = match &tails[..] {
            [t] if t.words.is_empty() && t.province.0 != NOT_ALONE => t.province.0,
            _ => NOT_ALONE,
        };
        if let Some(i) = self.slot_of(word_key(first.as_bytes())) {
            self.short[i].alone = alone;
        }
    }

    /// Files a new first word with an empty list, and returns the list.
    fn file(&mut self, first: &str) -> usize {
        let list = self.lists.len();
        self.lists.push(Vec::new());
        match word_key(first.as_bytes()) {
            0 => {
                self.long.insert(Box::from(first), list as u32);
            }
            key => {
                // At most half full.
                if (self.short_count + 1) * 2 > self.short.len() {
                    let size = (self.short.len() * 2).max(64);
                    let old = std::mem::replace(&mut self.short, vec![Slot::default(); size]);
                    for slot in old.into_iter().filter(|s| s.key != 0) {
                        self.place_short(slot);
                    }
                }
                self.place_short(Slot {
                    key,
                    list: list as u32,
                    alone: NOT_ALONE,
                });
                self.short_count += 1;
            }
        }
        list
    }

    /// Puts a short key's slot in the first free slot from its home.
    fn place_short(&mut self, slot: Slot) {
        let bits = self.short.len().trailing_zeros();
        let mask = self.short.len() - 1;
        let mut i = key_home(slot.key, bits);
        while self.short[i].key != 0 {
            i = (i + 1) & mask;
        }
        self.short[i] = slot;
    }

    /// Where a short first word's key stands in the table, if filed.
    fn slot_of(&self, key: u128) -> Option<usize> {
        if key == 0 || self.short.is_empty() {
            return None;
        }
        let bits = self.short.len().trailing_zeros();
        let mask = self.short.len() - 1;
        let mut i = key_home(key, bits);
        loop {
            match self.short[i].key {
                0 => return None,
                k if k == key => return Some(i),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The list of names starting with `first` (whose [`word_key`] is `key`), if any.
    fn list_of(&self, key: u128, first: &str) -> Option<usize> {
        if key == 0 {
            return self.long.get(first).map(|&l| l as usize);
        }
        self.slot_of(key).map(|i| self.short[i].list as usize)
    }

    /// The province whose only name starting with the word of [`word_key`] `key` is that word
    /// alone (a code, mostly): then that word is the longest match however many follow.
    pub fn alone(&self, key: u128) -> Option<ProvinceId> {
        let slot = self.short[self.slot_of(key)?];
        (slot.alone != NOT_ALONE).then_some(ProvinceId(slot.alone))
    }

    /// The longest name that the words `word(0)`, `word(1)` ... (`count` of them) begin with,
    /// and how many words it took.
    pub fn longest<'w>(
        &self,
        count: usize,
        word: impl Fn(usize) -> &'w str,
    ) -> Option<(ProvinceId, usize)> {
        self.longest_keyed(count, |i| word_key(word(i).as_bytes()), &word)
    }

    /// [`NameTable::longest`] for words whose [`word_key`]s the caller has already: `key(i)`
    /// must be `word_key(word(i))`.
    pub fn longest_keyed<'w>(
        &self,
        count: usize,
        key: impl Fn(usize) -> u128,
        word: impl Fn(usize) -> &'w str,
    ) -> Option<(ProvinceId, usize)> {
        if count == 0 {
            return None;
        }
        let first = key(0);
        let tails = if first == 0 {
            &self.lists[self.list_of(0, word(0))?]
        } else {
            let slot = self.short[self.slot_of(first)?];
            if slot.alone != NOT_ALONE {
                return Some((ProvinceId(slot.alone), 1));
            }
            &self.lists[slot.list as usize]
        };
        let room = count.min(MAX_NAME_WORDS) - 1;
        tails
            .iter()
            .find(|t| t.words.len() <= room && t.matches(&key, &word))
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
            .chain((1..=20).map(|n| "X".repeat(n)))
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
        for missing in ["W500", "XXXXXXXXXXXXXXXXXXXXX", "B", "", "A\0\0"] {
            assert_eq!(t.longest(1, |_| missing), None, "{missing:?}");
        }
    }
}
