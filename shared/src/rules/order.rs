//! Orders as people write them, in the standard notation, and how they are read.
//!
//! Reading is forgiving where the DATC says a poorly written order with one meaning must be
//! followed: case, spacing, full names or abbreviations, a missing or wrong unit letter, a state's
//! name before a supported unit, a coast written on an army. What cannot be read gets a
//! [`ParseError`] that says what was expected where.

use std::fmt;

use crate::map::{Map, ProvinceId, SHORT_WORD, key_home, word_key};

/// Army or fleet.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum UnitKind {
    Army,
    Fleet,
}

impl UnitKind {
    pub fn letter(self) -> char {
        match self {
            UnitKind::Army => 'A',
            UnitKind::Fleet => 'F',
        }
    }
}

/// A place as written: a province and, for a province with named coasts, perhaps a coast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub province: ProvinceId,
    /// The coast's name as written and known to the province (`NC` ...). A coast the province
    /// does not have is dropped while reading (DATC 4.B.6: such garbage is ignored).
    pub coast: Option<CoastName>,
}

impl Place {
    /// The place of a location on the map (its province and, for a named coast, the coast).
    pub fn at(map: &Map, loc: crate::map::LocId) -> Place {
        let location = &map.locations[loc.index()];
        Place {
            province: location.province,
            coast: location.coast.as_deref().map(|c| {
                let b = c.as_bytes();
                CoastName([b[0], b[1]])
            }),
        }
    }
}

impl UnitRef {
    /// How an order names a unit on the board.
    pub fn of(map: &Map, unit: crate::rules::Unit) -> UnitRef {
        UnitRef {
            kind: Some(unit.kind),
            place: Place::at(map, unit.loc),
        }
    }
}

/// A coast name, stored as its two letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoastName(pub [u8; 2]);

impl CoastName {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

/// A unit as an order names it: its kind if written, and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRef {
    pub kind: Option<UnitKind>,
    pub place: Place,
}

/// One order as written (before it is checked against the board).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Hold {
        unit: UnitRef,
    },
    Move {
        unit: UnitRef,
        to: Place,
        /// Written with `VIA CONVOY` (or a convoy path): the army goes by sea even where it could
        /// walk.
        via_convoy: bool,
    },
    /// Support of a unit that stays where it is.
    SupportHold {
        unit: UnitRef,
        supported: UnitRef,
    },
    /// Support of a move.
    SupportMove {
        unit: UnitRef,
        supported: UnitRef,
        to: Place,
    },
    Convoy {
        unit: UnitRef,
        army: UnitRef,
        to: Place,
    },
    Retreat {
        unit: UnitRef,
        to: Place,
    },
    Disband {
        unit: UnitRef,
    },
    Build {
        kind: Option<UnitKind>,
        place: Place,
    },
    /// Decline a build the state is entitled to.
    Waive,
}

impl Order {
    /// The unit the order is for (none for builds and waives).
    pub fn unit(&self) -> Option<UnitRef> {
        match *self {
            Order::Hold { unit }
            | Order::Move { unit, .. }
            | Order::SupportHold { unit, .. }
            | Order::SupportMove { unit, .. }
            | Order::Convoy { unit, .. }
            | Order::Retreat { unit, .. }
            | Order::Disband { unit } => Some(unit),
            Order::Build { .. } | Order::Waive => None,
        }
    }

    /// The order in canonical notation, e.g. `A MAR S A PAR - BUR`.
    pub fn display<'a>(&'a self, map: &'a Map) -> impl fmt::Display + 'a {
        OrderDisplay { order: self, map }
    }

    /// Appends the order in canonical notation to `out`: the same text as [`Order::display`],
    /// written piece by piece without the formatting machinery (a server writes one for every
    /// order it is given).
    pub fn push_canonical(&self, map: &Map, out: &mut String) {
        let mut buf = Canonical {
            bytes: [0; CANONICAL_ROOM],
            len: 0,
        };
        // Nearly every order fits the buffer: one copy into `out` instead of a growing string
        // piece by piece. A longer one (long codes) is written the other way.
        if self.write_canonical(map, &mut buf)
            && let Ok(text) = std::str::from_utf8(&buf.bytes[..buf.len])
        {
            out.push_str(text);
            return;
        }
        self.push_canonical_pieces(map, out);
    }

    /// Writes the canonical text into `buf`; false if it does not fit.
    fn write_canonical(&self, map: &Map, buf: &mut Canonical) -> bool {
        let place = |buf: &mut Canonical, p: Place| {
            buf.put(map.code(p.province).as_bytes())
                && p.coast.is_none_or(|c| buf.put(b"/") && buf.put(&c.0))
        };
        let unit = |buf: &mut Canonical, u: UnitRef| {
            u.kind.is_none_or(|k| buf.put(&[k.letter() as u8, b' '])) && place(buf, u.place)
        };
        match *self {
            Order::Hold { unit: u } => unit(buf, u) && buf.put(b" H"),
            Order::Move {
                unit: u,
                to,
                via_convoy,
            } => {
                unit(buf, u)
                    && buf.put(b" - ")
                    && place(buf, to)
                    && (!via_convoy || buf.put(b" VIA CONVOY"))
            }
            Order::SupportHold { unit: u, supported } => {
                unit(buf, u) && buf.put(b" S ") && unit(buf, supported)
            }
            Order::SupportMove {
                unit: u,
                supported,
                to,
            } => {
                unit(buf, u)
                    && buf.put(b" S ")
                    && unit(buf, supported)
                    && buf.put(b" - ")
                    && place(buf, to)
            }
            Order::Convoy { unit: u, army, to } => {
                unit(buf, u)
                    && buf.put(b" C ")
                    && unit(buf, army)
                    && buf.put(b" - ")
                    && place(buf, to)
            }
            Order::Retreat { unit: u, to } => unit(buf, u) && buf.put(b" R ") && place(buf, to),
            Order::Disband { unit: u } => unit(buf, u) && buf.put(b" D"),
            Order::Build { kind, place: p } => {
                kind.is_none_or(|k| buf.put(&[k.letter() as u8, b' ']))
                    && place(buf, p)
                    && buf.put(b" B")
            }
            Order::Waive => buf.put(b"WAIVE"),
        }
    }

    /// [`Order::push_canonical`] piece by piece, for text of any length.
    fn push_canonical_pieces(&self, map: &Map, out: &mut String) {
        let place = |out: &mut String, p: Place| {
            out.push_str(map.code(p.province));
            if let Some(c) = p.coast {
                out.push('/');
                out.push_str(c.as_str());
            }
        };
        let unit = |out: &mut String, u: UnitRef| {
            if let Some(k) = u.kind {
                out.push(k.letter());
                out.push(' ');
            }
            place(out, u.place);
        };
        match *self {
            Order::Hold { unit: u } => {
                unit(out, u);
                out.push_str(" H");
            }
            Order::Move {
                unit: u,
                to,
                via_convoy,
            } => {
                unit(out, u);
                out.push_str(" - ");
                place(out, to);
                if via_convoy {
                    out.push_str(" VIA CONVOY");
                }
            }
            Order::SupportHold { unit: u, supported } => {
                unit(out, u);
                out.push_str(" S ");
                unit(out, supported);
            }
            Order::SupportMove {
                unit: u,
                supported,
                to,
            } => {
                unit(out, u);
                out.push_str(" S ");
                unit(out, supported);
                out.push_str(" - ");
                place(out, to);
            }
            Order::Convoy { unit: u, army, to } => {
                unit(out, u);
                out.push_str(" C ");
                unit(out, army);
                out.push_str(" - ");
                place(out, to);
            }
            Order::Retreat { unit: u, to } => {
                unit(out, u);
                out.push_str(" R ");
                place(out, to);
            }
            Order::Disband { unit: u } => {
                unit(out, u);
                out.push_str(" D");
            }
            Order::Build { kind, place: p } => {
                if let Some(k) = kind {
                    out.push(k.letter());
                    out.push(' ');
                }
                place(out, p);
                out.push_str(" B");
            }
            Order::Waive => out.push_str("WAIVE"),
        }
    }
}

/// Room for an order's canonical text on the stack.
const CANONICAL_ROOM: usize = 64;

/// An order's canonical text as it is written, in bytes.
struct Canonical {
    bytes: [u8; CANONICAL_ROOM],
    len: usize,
}

impl Canonical {
    /// Appends `piece`; false (and nothing written) if it does not fit.
    fn put(&mut self, piece: &[u8]) -> bool {
        let end = self.len + piece.len();
        if end > CANONICAL_ROOM {
            return false;
        }
        self.bytes[self.len..end].copy_from_slice(piece);
        self.len = end;
        true
    }
}

struct OrderDisplay<'a> {
    order: &'a Order,
    map: &'a Map,
}

/// A place in canonical notation (`SPA/NC`), written straight into the output.
struct PlaceText<'a>(&'a Map, Place);

impl fmt::Display for PlaceText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code(self.1.province))?;
        if let Some(c) = self.1.coast {
            f.write_str("/")?;
            f.write_str(c.as_str())?;
        }
        Ok(())
    }
}

/// A unit in canonical notation (`F SPA/NC`, or the place alone when no letter was written).
struct UnitText<'a>(&'a Map, UnitRef);

impl fmt::Display for UnitText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(k) = self.1.kind {
            write!(f, "{} ", k.letter())?;
        }
        PlaceText(self.0, self.1.place).fmt(f)
    }
}

impl fmt::Display for OrderDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.map;
        let unit = |u| UnitText(m, u);
        let place = |p| PlaceText(m, p);
        match *self.order {
            Order::Hold { unit: u } => write!(f, "{} H", unit(u)),
            Order::Move {
                unit: u,
                to,
                via_convoy,
            } => {
                write!(f, "{} - {}", unit(u), place(to))?;
                if via_convoy {
                    write!(f, " VIA CONVOY")?;
                }
                Ok(())
            }
            Order::SupportHold { unit: u, supported } => {
                write!(f, "{} S {}", unit(u), unit(supported))
            }
            Order::SupportMove {
                unit: u,
                supported,
                to,
            } => write!(f, "{} S {} - {}", unit(u), unit(supported), place(to)),
            Order::Convoy { unit: u, army, to } => {
                write!(f, "{} C {} - {}", unit(u), unit(army), place(to))
            }
            Order::Retreat { unit: u, to } => write!(f, "{} R {}", unit(u), place(to)),
            Order::Disband { unit: u } => write!(f, "{} D", unit(u)),
            Order::Build { kind, place: p } => match kind {
                Some(k) => write!(f, "{} {} B", k.letter(), place(p)),
                None => write!(f, "{} B", place(p)),
            },
            Order::Waive => write!(f, "WAIVE"),
        }
    }
}

/// Why an order could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the order is empty")]
    Empty,
    #[error("`{0}` is not a province on this map")]
    UnknownProvince(String),
    #[error("expected {expected} after `{after}`, found `{found}`")]
    Unexpected {
        expected: &'static str,
        after: String,
        found: String,
    },
    #[error("the order ends after `{after}`, but {expected} should follow")]
    Incomplete {
        expected: &'static str,
        after: String,
    },
    #[error("unexpected `{0}` at the end of the order")]
    Trailing(String),
}

/// Reads an order in the standard notation. `state_words` are the names and adjectives of the
/// scenario's states, in normalised form, which may stand before a supported or convoyed unit
/// (`A MAR S Turkish F CON - BUL`) and are ignored (DATC 4.C.5, 4.C.6).
///
/// Reading allocates nothing unless the order is refused: the words go into a buffer each thread
/// keeps, and names are matched against the map's [`crate::map::NameTable`].
pub fn parse_order(map: &Map, state_words: &[String], text: &str) -> Result<Order, ParseError> {
    thread_local! {
        static WORDS: std::cell::RefCell<Words> = const { std::cell::RefCell::new(Words::new()) };
    }
    if let Some(order) = read_canonical(map, state_words, text) {
        return Ok(order);
    }
    WORDS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut words) => read(map, state_words, text, &mut words),
        // Only if reading were ever entered again from within itself.
        Err(_) => read(map, state_words, text, &mut Words::default()),
    })
}

/// Reads an order written exactly as [`Order::push_canonical`] writes it (`A MAR S A PAR - BUR`,
/// `F SPA/NC - MAO`: a unit letter, the provinces' own codes, one space between words), as nearly
/// every order a client sends is: byte by byte, without splitting it into words. `None` for any
/// other text, which [`parse_order`] reads the general way. Where it gives an order, it is the
/// order the general way reads, and its canonical text is `text` itself.
pub fn read_canonical(map: &Map, state_words: &[String], text: &str) -> Option<Order> {
    let mut c = CanonicalReader {
        map,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let unit = c.unit()?;
    // The keyword: one letter standing alone.
    let keyword = c.keyword()?;
    let order = match keyword {
        b'H' => Order::Hold { unit },
        b'D' => Order::Disband { unit },
        b'B' => Order::Build {
            kind: unit.kind,
            place: unit.place,
        },
        b'-' => {
            let to = c.place()?;
            let via_convoy = c.rest_is(b" VIA CONVOY");
            Order::Move {
                unit,
                to,
                via_convoy,
            }
        }
        b'R' => Order::Retreat {
            unit,
            to: c.place()?,
        },
        b'S' => {
            let supported = c.other_unit(state_words)?;
            if c.at_end() {
                Order::SupportHold { unit, supported }
            } else if c.keyword()? == b'-' {
                Order::SupportMove {
                    unit,
                    supported,
                    to: c.place()?,
                }
            } else {
                return None;
            }
        }
        b'C' => {
            let army = c.other_unit(state_words)?;
            if c.keyword()? != b'-' {
                return None;
            }
            Order::Convoy {
                unit,
                army,
                to: c.place()?,
            }
        }
        _ => return None,
    };
    c.at_end().then_some(order)
}

/// Where [`read_canonical`] stands in the text.
struct CanonicalReader<'a> {
    map: &'a Map,
    bytes: &'a [u8],
    pos: usize,
}

impl CanonicalReader<'_> {
    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Whether the rest of the text is `rest` (then it is read).
    fn rest_is(&mut self, rest: &[u8]) -> bool {
        let yes = &self.bytes[self.pos..] == rest;
        if yes {
            self.pos = self.bytes.len();
        }
        yes
    }

    /// ` X`: a keyword of one letter (or `-`), followed by a space unless the text ends there
    /// (`H`, `D` and `B` end it; the others are followed by a place or unit).
    fn keyword(&mut self) -> Option<u8> {
        let b = self.bytes;
        let p = self.pos;
        if b.get(p) != Some(&b' ') {
            return None;
        }
        let k = *b.get(p + 1)?;
        match k {
            b'H' | b'D' | b'B' if p + 2 == b.len() => {
                self.pos = p + 2;
                Some(k)
            }
            b'-' | b'R' | b'S' | b'C' if b.get(p + 2) == Some(&b' ') => {
                self.pos = p + 3;
                Some(k)
            }
            _ => None,
        }
    }

    /// `A PAR`, `F SPA/NC`: a unit letter, a space and a place.
    fn unit(&mut self) -> Option<UnitRef> {
        let b = self.bytes;
        let p = self.pos;
        let kind = match b.get(p) {
            Some(b'A') => UnitKind::Army,
            Some(b'F') => UnitKind::Fleet,
            _ => return None,
        };
        if b.get(p + 1) != Some(&b' ') {
            return None;
        }
        self.pos = p + 2;
        Some(UnitRef {
            kind: Some(kind),
            place: self.place()?,
        })
    }

    /// The unit after `S` or `C`, whose letter the general reader would skip as a state's name
    /// if some state were called `A` or `F`: such text is left to it.
    fn other_unit(&mut self, state_words: &[String]) -> Option<UnitRef> {
        let letter = self.bytes.get(self.pos..self.pos + 1)?;
        if state_words.iter().any(|w| w.as_bytes() == letter) {
            return None;
        }
        self.unit()
    }

    /// A province's own code, and `/NC` for a coast it has: the code must be the only name that
    /// starts with its word, so that the general reader's longest match takes that word alone.
    fn place(&mut self) -> Option<Place> {
        let b = self.bytes;
        let start = self.pos;
        let mut end = start;
        // The word's [`word_key`], packed as it is read.
        let mut key = 0u128;
        while end < b.len() && matches!(b[end], b'A'..=b'Z' | b'0'..=b'9') {
            if end - start == SHORT_WORD {
                return None;
            }
            key |= (b[end] as u128) << (8 * (end - start));
            end += 1;
        }
        let n = end - start;
        if n == 0 {
            return None;
        }
        key |= (n as u128) << 120;
        debug_assert_eq!(key, word_key(&b[start..end]));
        let province = self.map.name_table().alone(key)?;
        let code = self.map.code(province).as_bytes();
        if code.len() != n || code.iter().zip(&b[start..end]).any(|(x, y)| x != y) {
            return None;
        }
        self.pos = end;
        let mut coast = None;
        if b.get(end) == Some(&b'/') {
            let name = b.get(end + 1..end + 3)?;
            if !matches!(name, b"NC" | b"SC" | b"EC" | b"WC")
                || !matches!(b.get(end + 3), None | Some(b' '))
            {
                return None;
            }
            let name = CoastName([name[0], name[1]]);
            // A coast the province lacks is dropped in reading: not canonical text.
            self.map.coast(province, name.as_str())?;
            coast = Some(name);
            self.pos = end + 3;
        } else if !matches!(b.get(end), None | Some(b' ')) {
            return None;
        }
        Some(Place { province, coast })
    }
}

fn read(
    map: &Map,
    state_words: &[String],
    text: &str,
    words: &mut Words,
) -> Result<Order, ParseError> {
    words.split(text);
    let mut r = Reader {
        map,
        state_words,
        words,
        pos: 0,
    };
    let order = r.order()?;
    if !r.at_end()
        && let Some(t) = r.peek()
    {
        return Err(ParseError::Trailing(t.to_string()));
    }
    Ok(order)
}

/// An order's words: upper case, with `-`, `/`, `(`, `)`, `,` and `:` standing alone.
#[derive(Default)]
struct Words {
    /// The words one after another.
    text: String,
    /// Where each word lies in `text`.
    spans: Vec<(u32, u32)>,
    /// Each word's [`word_key`], so that names are matched by comparing numbers.
    keys: Vec<u128>,
    /// Each word's [`class`] bits.
    classes: Vec<u32>,
}

impl Words {
    const fn new() -> Words {
        Words {
            text: String::new(),
            spans: Vec::new(),
            keys: Vec::new(),
            classes: Vec::new(),
        }
    }

    fn split(&mut self, text: &str) {
        self.text.clear();
        self.spans.clear();
        self.keys.clear();
        self.classes.clear();
        let ascii = text.is_ascii();
        if !(ascii && self.split_plain(text)) {
            self.text.clear();
            self.spans.clear();
            if ascii {
                self.split_ascii(text.as_bytes());
            } else {
                self.split_chars(text);
            }
        }
        // Each word's key from its first 16 bytes read at once: zeros after the last word make
        // room, and are taken off again.
        let len = self.text.len();
        self.text.push_str("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        let bytes = self.text.as_bytes();
        for &(a, b) in &self.spans {
            let (a, b) = (a as usize, b as usize);
            let n = b - a;
            let key = if n > SHORT_WORD {
                0
            } else {
                let mut first = [0u8; 16];
                first.copy_from_slice(&bytes[a..a + 16]);
                let raw = u128::from_le_bytes(first) & ((1u128 << (8 * n)) - 1);
                raw | ((n as u128) << 120)
            };
            debug_assert_eq!(key, word_key(&bytes[a..b]));
            self.keys.push(key);
            self.classes.push(if key == 0 { 0 } else { classify(key) });
        }
        self.text.truncate(len);
    }

    /// [`Words::split`] for ASCII text with nothing to drop (no `.` or `'`), as nearly every
    /// order is: the text upper-cased at once, and the words found where they stand. Returns
    /// false, having done nothing useful, for text with something to drop.
    fn split_plain(&mut self, text: &str) -> bool {
        /// What each byte does: 0 is part of a word, 1 ends one (white space), 2 stands alone
        /// (`-`, `/`, `(`, `)`, `,`, `:`), 3 is dropped.
        static CLASS: [u8; 128] = {
            let mut c = [0u8; 128];
            let mut i = 0;
            while i < 128 {
                c[i] = match i as u8 {
                    b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
                    b'-' | b'/' | b'(' | b')' | b',' | b':' => 2,
                    b'.' | b'\'' => 3,
                    _ => 0,
                };
                i += 1;
            }
            c
        };
        self.text.push_str(text);
        self.text.make_ascii_uppercase();
        let bytes = self.text.as_bytes();
        let spans = &mut self.spans;
        // A lone `>` (of `->`, `=>`) is not a word.
        let mut word = |a: usize, b: usize| {
            if b > a && !(b == a + 1 && bytes[a] == b'>') {
                spans.push((a as u32, b as u32));
            }
        };
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            match CLASS[(b & 0x7f) as usize] {
                0 => continue,
                1 => word(start, i),
                2 => {
                    word(start, i);
                    word(i, i + 1);
                }
                _ => return false,
            }
            start = i + 1;
        }
        word(start, bytes.len());
        true
    }

    fn split_chars(&mut self, text: &str) {
        let mut start = 0;
        for ch in text.chars() {
            match ch {
                '-' | '/' | '(' | ')' | ',' | ':' => {
                    self.end_word(start);
                    start = self.text.len();
                    self.text.push(ch);
                    self.end_word(start);
                    start = self.text.len();
                }
                '.' | '\'' => {}
                c if c.is_whitespace() => {
                    self.end_word(start);
                    start = self.text.len();
                }
                c if c.is_ascii() => self.text.push(c.to_ascii_uppercase()),
                c => self.text.extend(c.to_uppercase()),
            }
        }
        self.end_word(start);
    }

    /// [`Words::split`] for text in ASCII (nearly every order), byte by byte.
    fn split_ascii(&mut self, text: &[u8]) {
        let mut start = 0;
        for &b in text {
            match b {
                b'-' | b'/' | b'(' | b')' | b',' | b':' => {
                    self.end_word(start);
                    start = self.text.len();
                    self.text.push(b as char);
                    self.end_word(start);
                    start = self.text.len();
                }
                b'.' | b'\'' => {}
                // What `char::is_whitespace` takes in ASCII.
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => {
                    self.end_word(start);
                    start = self.text.len();
                }
                _ => self.text.push(b.to_ascii_uppercase() as char),
            }
        }
        self.end_word(start);
    }

    /// Closes the word begun at `start`, if it has letters. `->` and `=>` are written for moves
    /// too: a lone `>` is dropped.
    fn end_word(&mut self, start: usize) {
        let end = self.text.len();
        if end > start && &self.text[start..end] != ">" {
            self.spans.push((start as u32, end as u32));
        }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn get(&self, i: usize) -> Option<&str> {
        self.spans
            .get(i)
            .map(|&(a, b)| &self.text[a as usize..b as usize])
    }

    fn word(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        &self.text[a as usize..b as usize]
    }

    /// The [`word_key`] of word `i`, or 0 past the end.
    fn key(&self, i: usize) -> u128 {
        self.keys.get(i).copied().unwrap_or(0)
    }

    /// The [`class`] bits of word `i`, none past the end.
    fn class(&self, i: usize) -> u32 {
        self.classes.get(i).copied().unwrap_or(0)
    }
}

/// What a word can be in an order, as bits: a word's bits are found once, when the order is
/// split, and the reader then asks of each word only whether it has a bit.
mod class {
    pub const HOLD: u32 = 1 << 0;
    pub const MOVE: u32 = 1 << 1;
    pub const SUPPORT: u32 = 1 << 2;
    pub const CONVOY: u32 = 1 << 3;
    pub const RETREAT: u32 = 1 << 4;
    pub const DISBAND: u32 = 1 << 5;
    pub const BUILD: u32 = 1 << 6;
    pub const WAIVE: u32 = 1 << 7;
    /// `TO`, which may follow a move's `-`.
    pub const TO: u32 = 1 << 8;
    /// `VIA` or `BY`, before `CONVOY`.
    pub const VIA: u32 = 1 << 9;
    /// `CONVOY` or `C` after `VIA`.
    pub const CONVOY_WORD: u32 = 1 << 10;
    pub const ARMY: u32 = 1 << 11;
    pub const FLEET: u32 = 1 << 12;
    pub const SLASH: u32 = 1 << 13;
    pub const OPEN: u32 = 1 << 14;
    pub const CLOSE: u32 = 1 << 15;
    pub const COAST: u32 = 1 << 16;
    pub const NORTH: u32 = 1 << 17;
    pub const SOUTH: u32 = 1 << 18;
    pub const EAST: u32 = 1 << 19;
    pub const WEST: u32 = 1 << 20;
}

/// Every keyword and what it can be.
const KEYWORDS: &[(&str, u32)] = {
    use class::*;
    &[
        ("H", HOLD),
        ("HOLD", HOLD),
        ("HOLDS", HOLD),
        ("-", MOVE),
        ("M", MOVE),
        ("MOVE", MOVE),
        ("MOVES", MOVE),
        ("TO", MOVE | TO),
        ("S", SUPPORT | SOUTH),
        ("SUPPORT", SUPPORT),
        ("SUPPORTS", SUPPORT),
        ("C", CONVOY | CONVOY_WORD),
        ("CONVOY", CONVOY | CONVOY_WORD),
        ("CONVOYS", CONVOY),
        ("R", RETREAT),
        ("RETREAT", RETREAT),
        ("RETREATS", RETREAT),
        ("D", DISBAND),
        ("DISBAND", DISBAND),
        ("DISBANDS", DISBAND),
        ("REMOVE", DISBAND),
        ("REMOVES", DISBAND),
        ("B", BUILD),
        ("BUILD", BUILD),
        ("BUILDS", BUILD),
        ("WAIVE", WAIVE),
        ("WAIVES", WAIVE),
        ("VIA", VIA),
        ("BY", VIA),
        ("A", ARMY),
        ("ARMY", ARMY),
        ("F", FLEET),
        ("FLEET", FLEET),
        ("/", SLASH),
        ("(", OPEN),
        (")", CLOSE),
        ("COAST", COAST),
        ("NC", NORTH),
        ("N", NORTH),
        ("NORTH", NORTH),
        ("SC", SOUTH),
        ("SOUTH", SOUTH),
        ("EC", EAST),
        ("E", EAST),
        ("EAST", EAST),
        ("WC", WEST),
        ("W", WEST),
        ("WEST", WEST),
    ]
};

/// Slots in [`KEYWORD_TABLE`] (a power of two, at most half full).
const KEYWORD_BITS: u32 = 7;

/// [`KEYWORDS`] by [`word_key`], open addressing (a key of 0 marks an empty slot).
static KEYWORD_TABLE: [(u128, u32); 1 << KEYWORD_BITS] = {
    let mut table = [(0u128, 0u32); 1 << KEYWORD_BITS];
    let mut k = 0;
    while k < KEYWORDS.len() {
        let (word, bits) = KEYWORDS[k];
        let key = word_key(word.as_bytes());
        let mut i = key_home(key, KEYWORD_BITS);
        while table[i].0 != 0 && table[i].0 != key {
            i = (i + 1) & ((1 << KEYWORD_BITS) - 1);
        }
        table[i] = (key, table[i].1 | bits);
        k += 1;
    }
    table
};

/// The keywords of one letter, by their letter.
static ONE_LETTER: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut k = 0;
    while k < KEYWORDS.len() {
        let (word, bits) = KEYWORDS[k];
        if word.len() == 1 {
            table[word.as_bytes()[0] as usize] |= bits;
        }
        k += 1;
    }
    table
};

/// What a word (by its key) can be: its [`class`] bits, 0 for any other word. Words of one
/// letter are looked up by the letter, and of three letters (most province codes) only `VIA` is
/// a keyword; the rest are looked up in the table.
fn classify(key: u128) -> u32 {
    const VIA: u128 = word_key(b"VIA");
    match key >> 120 {
        1 => return ONE_LETTER[(key & 0xff) as usize],
        3 => return if key == VIA { class::VIA } else { 0 },
        _ => {}
    }
    let mut i = key_home(key, KEYWORD_BITS);
    loop {
        match KEYWORD_TABLE[i] {
            (0, _) => return 0,
            (k, bits) if k == key => return bits,
            _ => i = (i + 1) & ((1 << KEYWORD_BITS) - 1),
        }
    }
}

struct Reader<'a> {
    map: &'a Map,
    state_words: &'a [String],
    words: &'a Words,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.words.get(self.pos)
    }

    /// Whether every word has been read.
    fn at_end(&self) -> bool {
        self.pos >= self.words.len()
    }

    /// The next word's key (0 at the end).
    fn key(&self) -> u128 {
        self.words.key(self.pos)
    }

    /// Whether the next word has any of the [`class`] bits `bits`.
    fn at(&self, bits: u32) -> bool {
        self.words.class(self.pos) & bits != 0
    }

    fn eat(&mut self, bits: u32) -> bool {
        if self.at(bits) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn before(&self) -> String {
        if self.pos == 0 {
            "the start".into()
        } else {
            (0..self.pos)
                .map(|i| self.words.word(i))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    fn unexpected(&self, expected: &'static str) -> ParseError {
        match self.peek() {
            Some(found) => ParseError::Unexpected {
                expected,
                after: self.before(),
                found: found.to_string(),
            },
            None => ParseError::Incomplete {
                expected,
                after: self.before(),
            },
        }
    }

    fn order(&mut self) -> Result<Order, ParseError> {
        if self.words.len() == 0 {
            return Err(ParseError::Empty);
        }
        if self.eat(class::WAIVE) {
            return Ok(Order::Waive);
        }
        if self.eat(class::BUILD) {
            let kind = self.kind();
            let place = self.place()?;
            return Ok(Order::Build { kind, place });
        }
        if self.eat(class::DISBAND) {
            let unit = self.unit()?;
            return Ok(Order::Disband { unit });
        }
        let unit = self.unit()?;
        if self.at_end() {
            return Ok(Order::Hold { unit });
        }
        if self.eat(class::HOLD) {
            return Ok(Order::Hold { unit });
        }
        if self.eat(class::MOVE) {
            self.eat(class::TO);
            let mut to = self.place()?;
            let mut via_convoy = false;
            // A convoy path (`A LON - NTH - BEL`) is accepted and only its end counts (DATC 4.A.6).
            while self.eat(class::MOVE) {
                to = self.place()?;
                via_convoy = true;
            }
            if self.eat(class::VIA) {
                if !self.eat(class::CONVOY_WORD) {
                    return Err(self.unexpected("`CONVOY`"));
                }
                via_convoy = true;
            }
            return Ok(Order::Move {
                unit,
                to,
                via_convoy,
            });
        }
        if self.eat(class::SUPPORT) {
            self.state_word();
            let supported = self.unit()?;
            if self.eat(class::MOVE) {
                let to = self.place()?;
                return Ok(Order::SupportMove {
                    unit,
                    supported,
                    to,
                });
            }
            self.eat(class::HOLD);
            return Ok(Order::SupportHold { unit, supported });
        }
        if self.eat(class::CONVOY) {
            self.state_word();
            let army = self.unit()?;
            if !self.eat(class::MOVE) {
                return Err(self.unexpected("`-` and the army's destination"));
            }
            let to = self.place()?;
            return Ok(Order::Convoy { unit, army, to });
        }
        if self.eat(class::RETREAT) {
            let to = self.place()?;
            return Ok(Order::Retreat { unit, to });
        }
        if self.eat(class::DISBAND) {
            return Ok(Order::Disband { unit });
        }
        if self.eat(class::BUILD) {
            return Ok(Order::Build {
                kind: unit.kind,
                place: unit.place,
            });
        }
        Err(self.unexpected("an order (H, -, S, C, R, D or B)"))
    }

    /// Skips a state's name or adjective before a supported or convoyed unit.
    fn state_word(&mut self) {
        if let Some(t) = self.peek()
            && self.state_words.iter().any(|w| w == t)
        {
            self.pos += 1;
        }
    }

    fn kind(&mut self) -> Option<UnitKind> {
        if self.eat(class::ARMY) {
            Some(UnitKind::Army)
        } else if self.eat(class::FLEET) {
            Some(UnitKind::Fleet)
        } else {
            None
        }
    }

    fn unit(&mut self) -> Result<UnitRef, ParseError> {
        let start = self.pos;
        let kind = self.kind();
        // `A` alone could be the start of a province name on some map: fall back if no place
        // follows the letter.
        match self.place() {
            Ok(place) => Ok(UnitRef { kind, place }),
            Err(e) if kind.is_some() => {
                self.pos = start;
                match self.place() {
                    Ok(place) => Ok(UnitRef { kind: None, place }),
                    Err(_) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// A province name (longest match over up to six words) and an optional coast.
    fn place(&mut self) -> Result<Place, ParseError> {
        if self.at_end() {
            return Err(self.unexpected("a province"));
        }
        let words = self.words;
        let pos = self.pos;
        let found = self.map.name_table().longest_keyed(
            words.len() - pos,
            |i| words.key(pos + i),
            |i| words.word(pos + i),
        );
        let Some((province, len)) = found else {
            return Err(ParseError::UnknownProvince(
                self.peek().unwrap_or_default().to_string(),
            ));
        };
        self.pos += len;
        let coast = self.coast();
        let coast = coast.filter(|c| self.map.coast(province, c.as_str()).is_some());
        Ok(Place { province, coast })
    }

    /// `/NC`, `(nc)`, `(north coast)`, `NC`; unknown coast words are consumed and dropped.
    fn coast(&mut self) -> Option<CoastName> {
        let start = self.pos;
        let bracket = if self.eat(class::SLASH) {
            false
        } else if self.eat(class::OPEN) {
            true
        } else {
            // A bare coast word straight after the province: `STP NC` (two letters only).
            return match coast_word(self.words.class(self.pos)) {
                Some(c) if self.key() >> 120 == 2 => {
                    self.pos += 1;
                    Some(c)
                }
                _ => None,
            };
        };
        let mut coast = None;
        while !self.at_end() {
            let t = self.words.class(self.pos);
            if t & class::CLOSE != 0 {
                self.pos += 1;
                break;
            }
            if coast.is_none() {
                coast = coast_word(t);
            }
            self.pos += 1;
            if !bracket && t & class::COAST == 0 && !self.at(class::COAST) {
                break;
            }
        }
        if coast.is_none() && !bracket {
            self.pos = start;
        }
        coast
    }
}

/// The coast a word (by its [`class`] bits) names: `NC`, `N`, `NORTH` ...
fn coast_word(t: u32) -> Option<CoastName> {
    let letter = if t & class::NORTH != 0 {
        b'N'
    } else if t & class::SOUTH != 0 {
        b'S'
    } else if t & class::EAST != 0 {
        b'E'
    } else if t & class::WEST != 0 {
        b'W'
    } else {
        return None;
    };
    Some(CoastName([letter, b'C']))
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    fn canonical(text: &str) -> String {
        let s = Scenario::classic();
        match s.parse_order(text) {
            Ok(o) => o.display(&s.map).to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn standard_notation_reads_in_any_case_and_form() {
        for (text, want) in [
            ("A PAR - BUR", "A PAR - BUR"),
            ("a par-bur", "A PAR - BUR"),
            ("Army Paris -> Burgundy", "A PAR - BUR"),
            ("A Paris moves to Burgundy", "A PAR - BUR"),
            ("F STP/SC - BOT", "F STP/SC - BOT"),
            (
                "F St. Petersburg(south coast) - Gulf of Bothnia",
                "F STP/SC - BOT",
            ),
            ("F spa(nc) - mid", "F SPA/NC - MAO"),
            ("F Mid-Atlantic Ocean - Spain (nc)", "F MAO - SPA/NC"),
            ("F NAT - NWG", "F NAO - NWG"),
            ("F GOL - TYN", "F LYO - TYS"),
            ("F NTH C A LON - BEL", "F NTH C A LON - BEL"),
            ("A LON - BEL VIA CONVOY", "A LON - BEL VIA CONVOY"),
            ("A LON - NTH - BEL", "A LON - BEL VIA CONVOY"),
            ("A MAR S A PAR - BUR", "A MAR S A PAR - BUR"),
            ("A MAR S French A PAR - BUR", "A MAR S A PAR - BUR"),
            ("A MAR SUPPORTS A PAR", "A MAR S A PAR"),
            ("A MAR S A PAR H", "A MAR S A PAR"),
            ("A PAR H", "A PAR H"),
            ("A PAR", "A PAR H"),
            ("A PAR R BUR", "A PAR R BUR"),
            ("A PAR D", "A PAR D"),
            ("DISBAND A PAR", "A PAR D"),
            ("A BER B", "A BER B"),
            ("F BER B", "F BER B"),
            ("BUILD F STP/NC", "F STP/NC B"),
            ("Build A Berlin", "A BER B"),
            ("waive", "WAIVE"),
            ("PAR - BUR", "PAR - BUR"),
            ("A GAS - SPA/NC", "A GAS - SPA/NC"),
            ("A PAR - BRE/EC", "A PAR - BRE"),
        ] {
            assert_eq!(canonical(text), want, "reading `{text}`");
        }
    }

    #[test]
    fn ascii_words_split_as_any_text_does() {
        use super::Words;
        let words = |w: &Words| {
            (0..w.len())
                .map(|i| w.word(i).to_string())
                .collect::<Vec<_>>()
        };
        for text in [
            "A PAR - BUR",
            "f st.petersburg(south coast)->gulf of bothnia",
            "  A\tLON-NTH-BEL via convoy ",
            "A MAR S Turkish F CON:BUL, ok",
            "a par => bur > x\x0bY\x0c'z'",
            "F STP/SC - BOT",
            "a mar s fra a par -> bur: (north coast), abcdefghijklmno abcdefghijklmnop abcdefghijklmnopq",
            "",
        ] {
            let (mut fast, mut general) = (Words::default(), Words::default());
            fast.split_ascii(text.as_bytes());
            general.split_chars(text);
            assert_eq!(words(&fast), words(&general), "splitting `{text}`");
            assert!(!words(&fast).iter().any(|w| w == ">"));
            // What reading uses: in place where nothing is dropped, with each word's key.
            let mut plain = Words::default();
            plain.split(text);
            assert_eq!(words(&plain), words(&general), "splitting `{text}`");
            let keys: Vec<u128> = words(&plain)
                .iter()
                .map(|w| crate::map::word_key(w.as_bytes()))
                .collect();
            assert_eq!(plain.keys, keys, "keys of `{text}`");
        }
        let mut w = Words::default();
        w.split("A PAR-BUR");
        assert_eq!(words(&w), ["A", "PAR", "-", "BUR"]);
    }

    /// Text longer than the writer's buffer (long codes) is written whole all the same.
    #[test]
    fn long_canonical_text_is_written_whole() {
        use crate::map::{Map, Province, ProvinceId, ProvinceKind};

        let province = |code: String| {
            let p = Province {
                name: code.clone(),
                code,
                kind: ProvinceKind::Land,
                supply_centre: false,
                coasts: Vec::new(),
            };
            (p, Vec::new(), Vec::new())
        };
        let map = Map::unconnected(vec![province("A".repeat(40)), province("B".repeat(40))]);
        let place = |i| super::Place {
            province: ProvinceId(i),
            coast: None,
        };
        let order = super::Order::Move {
            unit: super::UnitRef {
                kind: Some(super::UnitKind::Army),
                place: place(0),
            },
            to: place(1),
            via_convoy: true,
        };
        let mut text = String::new();
        order.push_canonical(&map, &mut text);
        assert!(text.len() > super::CANONICAL_ROOM);
        assert_eq!(text, order.display(&map).to_string());
    }

    /// Every keyword is found in the keyword table with all it can be; other words are none.
    #[test]
    fn keywords_are_classified() {
        use super::{KEYWORDS, classify};
        use crate::map::word_key;
        for (word, _) in KEYWORDS {
            let want = KEYWORDS
                .iter()
                .filter(|(w, _)| w == word)
                .fold(0, |bits, (_, b)| bits | b);
            assert_eq!(classify(word_key(word.as_bytes())), want, "{word}");
        }
        for other in ["PAR", "HOLDER", "MM", "NORTHS", "X", "STP", ">"] {
            assert_eq!(classify(word_key(other.as_bytes())), 0, "{other}");
        }
    }

    #[test]
    fn unreadable_orders_say_what_is_wrong() {
        for (text, words) in [
            ("", "empty"),
            ("A XYZ - BUR", "`XYZ` is not a province"),
            ("A PAR -", "ends after"),
            ("A PAR Q BUR", "expected an order"),
            ("F NTH C A LON BEL", "`-`"),
            ("A PAR - BUR BUR", "unexpected `BUR`"),
        ] {
            let got = canonical(text);
            assert!(
                got.starts_with("error") && got.contains(words),
                "`{text}` gave `{got}`, want `{words}`"
            );
        }
    }

    /// The text a server stores for each order is the same as the display's, for every kind of
    /// order: the random legal orders of every phase of seeded random games, and the forms
    /// random orders never take (no unit letter, coasts, via convoy, builds, waives).
    #[test]
    fn the_canonical_text_is_the_display() {
        use rand::SeedableRng;
        use std::sync::Arc;

        use crate::rules::Game;
        use crate::rules::options::random_orders;

        let scenario = Arc::new(Scenario::classic());
        let map = &scenario.map;
        let same = |o: &super::Order| {
            let mut text = String::from("before ");
            o.push_canonical(map, &mut text);
            assert_eq!(text, format!("before {}", o.display(map)));
            // The way taken by text too long for the buffer.
            let mut pieces = String::new();
            o.push_canonical_pieces(map, &mut pieces);
            assert_eq!(pieces, o.display(map).to_string());
        };
        for text in [
            "PAR - BUR",
            "F STP/SC - BOT",
            "A LON - BEL VIA CONVOY",
            "A MAR S PAR - BUR",
            "MAR S PAR",
            "F NTH C A LON - BEL",
            "F SPA/NC R POR",
            "A PAR D",
            "F STP/NC B",
            "STP B",
            "WAIVE",
            "A PAR H",
        ] {
            same(&scenario.parse_order(text).expect(text));
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut orders = 0;
        for _ in 0..3 {
            let mut game = Game::new(scenario.clone());
            while !game.is_over() && game.phase().year < 1906 {
                for s in scenario.state_ids() {
                    for o in random_orders(&game, s, &mut rng) {
                        same(&o);
                        orders += 1;
                        let _ = game.submit_order(s, &o);
                    }
                }
                game.resolve();
            }
        }
        assert!(orders > 500, "{orders} orders");
    }

    /// The canonical reader must give, for every text it takes, the order the general reader
    /// gives and a canonical text equal to the text read; texts written otherwise (other case,
    /// spacing, names, a state's name, a coast a province lacks) are left to the general reader.
    #[test]
    fn the_canonical_reader_agrees_with_the_general_reader() {
        use rand::SeedableRng;
        use std::sync::Arc;

        use super::{Words, read, read_canonical};
        use crate::rules::Game;
        use crate::rules::options::random_orders;

        let scenario = Arc::new(Scenario::classic());
        let map = &scenario.map;
        let words = scenario.state_words();
        let general = |text: &str| read(map, words, text, &mut Words::default());
        let (mut taken, mut left) = (0, 0);
        let mut check = |text: &str| match read_canonical(map, words, text) {
            Some(order) => {
                assert_eq!(Ok(order), general(text), "{text:?}");
                let mut again = String::new();
                order.push_canonical(map, &mut again);
                assert_eq!(again, text);
                taken += 1;
            }
            None => left += 1,
        };
        for text in [
            "A PAR - BUR",
            "F SPA/NC - MAO",
            "F MAO - SPA/SC",
            "A LON - BEL VIA CONVOY",
            "F NTH C A LON - BEL",
            "A MAR S A PAR - BUR",
            "A MAR S A PAR",
            "F SPA/NC R POR",
            "A PAR D",
            "F STP/NC B",
            "A PAR H",
            // Not canonical: left to the general reader.
            "A PAR",
            "a par - bur",
            "A PAR -  BUR",
            "A PAR - BUR ",
            "A PAR-BUR",
            "PAR - BUR",
            "A PAR/NC - BUR",
            "F SPA(NC) - MAO",
            "F NAT - NWG",
            "A MAR S French A PAR - BUR",
            "A MAR S A PAR H",
            "A PAR - NORTH SEA",
            "A PAR HOLD",
            "A PAR - BURX",
            "A PAR - BUR VIA",
            "A MAR S A PAR -",
            "F NTH C A LON",
            "WAIVE",
        ] {
            check(text);
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(19);
        for _ in 0..3 {
            let mut game = Game::new(scenario.clone());
            while !game.is_over() && game.phase().year < 1908 {
                for s in scenario.state_ids() {
                    for o in random_orders(&game, s, &mut rng) {
                        let text = o.display(map).to_string();
                        check(&text);
                        check(&text.to_lowercase());
                        check(&text.replace(" - ", "-"));
                        check(&format!("{text} "));
                        let _ = game.submit(s, &text);
                    }
                }
                game.resolve();
            }
        }
        assert!(taken > 1000 && left > 3000, "{taken} taken, {left} left");
    }
}
