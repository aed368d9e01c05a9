//! Where each part of a RON file stands: the line of every value, found by its path
//! (`states[2].doctrine`), so that a problem found after parsing is reported where it is written.
//!
//! `ron` reads the values but keeps no positions; this reads the same text again for positions
//! only. It accepts anything: where it does not understand the text it stops, and a path it did
//! not reach is answered with the line of the deepest part of it that it did reach.

/// A value's place in the file, and the values written inside it.
#[derive(Debug, Default)]
struct Node {
    /// 1-based.
    line: usize,
    /// The name written before a bracket: `StateFile` in `StateFile(...)`, `Some` in `Some(1.0)`.
    name: Option<String>,
    /// What is inside, in order: a struct's fields with their names, a list's or a tuple's items
    /// without.
    children: Vec<(Option<String>, Node)>,
}

impl Node {
    /// `Some(x)`, `Contiguity([...])`: a name around one unnamed value stands for that value.
    fn unwrapped(&self) -> &Node {
        let mut node = self;
        while node.name.is_some() && node.children.len() == 1 && node.children[0].0.is_none() {
            node = &node.children[0].1;
        }
        node
    }
}

/// The lines of a RON text's values.
#[derive(Debug, Default)]
pub struct Lines {
    root: Option<Node>,
}

impl Lines {
    /// Reads the positions in `text` (which may be empty, or not RON at all).
    pub fn of(text: &str) -> Lines {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            depth: 0,
            stopped: false,
        };
        reader.attributes();
        reader.blank();
        if reader.stopped || reader.pos >= reader.bytes.len() {
            return Lines::default();
        }
        Lines {
            root: Some(reader.value()),
        }
    }

    /// The line of the value at `path` (fields by name, items by index from 0, as in
    /// `states[2].bias[0]` or `geography[3]`), or of the deepest part of the path that is written
    /// in the file; 0 when the text holds no value.
    pub fn line(&self, path: &str) -> usize {
        let Some(mut node) = self.root.as_ref() else {
            return 0;
        };
        for step in steps(path) {
            let inner = node.unwrapped();
            let next = match step {
                Step::Field(name) => inner
                    .children
                    .iter()
                    .find(|(k, _)| k.as_deref() == Some(name))
                    .map(|(_, n)| n),
                Step::Item(i) => inner.children.get(i).map(|(_, n)| n),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.line
    }

    /// The name written before the outermost value, e.g. `ScenarioFile`.
    pub fn root_name(&self) -> Option<&str> {
        self.root.as_ref()?.name.as_deref()
    }

    /// Whether the outermost value has a field of this name.
    pub fn has_field(&self, name: &str) -> bool {
        self.root.as_ref().is_some_and(|r| {
            r.unwrapped()
                .children
                .iter()
                .any(|(k, _)| k.as_deref() == Some(name))
        })
    }
}

enum Step<'a> {
    Field(&'a str),
    Item(usize),
}

/// `states[2].bias[0]` as steps; a part that is not understood ends the path.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            out.push(Step::Field(name));
        }
        while let Some(open) = rest.strip_prefix('[') {
            let Some((index, after)) = open.split_once(']') else {
                return out;
            };
            let Ok(index) = index.parse() else {
                return out;
            };
            out.push(Step::Item(index));
            rest = after;
        }
    }
    out
}

/// Nesting deeper than this is not followed (`ron` itself refuses far less).
const MAX_DEPTH: usize = 256;

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    depth: usize,
    /// Set at the first thing not understood; everything after it is left unread.
    stopped: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) {
        if self.peek() == Some(b'\n') {
            self.line += 1;
        }
        self.pos += 1;
    }

    /// Skips white space and comments.
    fn blank(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.bump(),
                b'/' if self.peek_at(1) == Some(b'/') => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.bump();
                    }
                }
                b'/' if self.peek_at(1) == Some(b'*') => self.block_comment(),
                _ => return,
            }
        }
    }

    /// Skips the `#![enable(...)]` attributes that may open a file.
    fn attributes(&mut self) {
        loop {
            self.blank();
            if self.peek() != Some(b'#') {
                return;
            }
            self.bump();
            if self.peek() == Some(b'!') {
                self.bump();
            }
            self.blank();
            if self.peek() != Some(b'[') {
                self.stopped = true;
                return;
            }
            let _ = self.value();
            if self.stopped {
                return;
            }
        }
    }

    /// `/* ... */`, which may nest.
    fn block_comment(&mut self) {
        let mut open = 0usize;
        while let Some(b) = self.peek() {
            if b == b'/' && self.peek_at(1) == Some(b'*') {
                open += 1;
                self.bump();
            } else if b == b'*' && self.peek_at(1) == Some(b'/') {
                open -= 1;
                self.bump();
                if open == 0 {
                    self.bump();
                    return;
                }
            }
            self.bump();
        }
    }

    fn is_word(b: u8) -> bool {
        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.') || b >= 0x80
    }

    /// A name or a number, including a raw name such as `r#type`.
    fn word(&mut self) -> String {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        while self.peek().is_some_and(Self::is_word) {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned()
    }

    /// A quoted string from its opening quote, raw (`r#"..."#`) or not.
    fn string(&mut self) {
        if self.peek() == Some(b'b') {
            self.bump();
        }
        if self.peek() == Some(b'r') {
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.bump();
            }
            self.bump(); // the opening quote
            while let Some(b) = self.peek() {
                self.bump();
                if b == b'"' && (0..hashes).all(|k| self.peek_at(k) == Some(b'#')) {
                    self.pos += hashes;
                    return;
                }
            }
            self.stopped = true;
            return;
        }
        let quote = self.peek();
        self.bump();
        while let Some(b) = self.peek() {
            self.bump();
            if b == b'\\' {
                self.bump();
            } else if Some(b) == quote {
                return;
            }
        }
        self.stopped = true;
    }

    fn is_string_start(&self) -> bool {
        let raw_at = |k: usize| {
            self.peek_at(k) == Some(b'r') && matches!(self.peek_at(k + 1), Some(b'"' | b'#'))
        };
        match self.peek() {
            Some(b'"' | b'\'') => true,
            Some(b'b') => {
                self.peek_at(1) == Some(b'"') || self.peek_at(1) == Some(b'\'') || raw_at(1)
            }
            // `r#name` is a raw name, `r#"..."#` a raw string.
            Some(b'r') if self.peek_at(1) == Some(b'#') => {
                let mut k = 1;
                while self.peek_at(k) == Some(b'#') {
                    k += 1;
                }
                self.peek_at(k) == Some(b'"')
            }
            Some(b'r') => self.peek_at(1) == Some(b'"'),
            _ => false,
        }
    }

    /// One value, from the next thing that is not blank.
    fn value(&mut self) -> Node {
        self.blank();
        let mut node = Node {
            line: self.line,
            ..Node::default()
        };
        if self.stopped {
            return node;
        }
        if self.depth >= MAX_DEPTH {
            self.stopped = true;
            return node;
        }
        self.depth += 1;
        match self.peek() {
            _ if self.is_string_start() => self.string(),
            Some(b'[') => self.items(b']', &mut node),
            Some(b'{') => self.items(b'}', &mut node),
            Some(b'(') => self.items(b')', &mut node),
            Some(b) if Self::is_word(b) => {
                node.name = Some(self.word());
                self.blank();
                if self.peek() == Some(b'(') && !self.stopped {
                    self.items(b')', &mut node);
                }
            }
            _ => self.stopped = true,
        }
        self.depth -= 1;
        node
    }

    /// From an opening bracket to its `close`: named fields (`name: value`), map entries
    /// (`key: value`, kept as the value) or items, separated by commas.
    fn items(&mut self, close: u8, node: &mut Node) {
        self.bump();
        loop {
            self.blank();
            if self.stopped {
                return;
            }
            match self.peek() {
                None => {
                    self.stopped = true;
                    return;
                }
                Some(b) if b == close => {
                    self.bump();
                    return;
                }
                _ => {}
            }
            let field = self.field_name();
            let mut child = self.value();
            if close == b'}' {
                // A map entry: the key was read; the value follows the colon.
                self.blank();
                if self.peek() == Some(b':') {
                    self.bump();
                    child = self.value();
                }
            }
            node.children.push((field, child));
            self.blank();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b) if b == close => {}
                _ => {
                    self.stopped = true;
                    return;
                }
            }
        }
    }

    /// `name:` before a struct's field (not a map's key); the reader stays put when there is none.
    fn field_name(&mut self) -> Option<String> {
        let (pos, line) = (self.pos, self.line);
        if self.is_string_start() || !self.peek().is_some_and(Self::is_word) {
            return None;
        }
        let name = self.word();
        self.blank();
        if self.peek() == Some(b':') {
            self.bump();
            return Some(name.trim_start_matches("r#").to_string());
        }
        self.pos = pos;
        self.line = line;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    const TEXT: &str = r##"// A comment with "quotes" and (brackets
#![enable(implicit_some)]
Top(
    name: "a ( [ \" tricky",
    /* a block /* nested */ comment
       over lines */
    list: [
        Item(x: 1.0, y: Some(2)),
        Item(
            x: -3e2,
            y: None,
        ),
    ],
    geo: Contiguity([
        ("A", "B", Land),
        ("B", r#"C"#, Sea),
    ]),
    map: {"k": [1,
        2]},
)
"##;

    #[test]
    fn every_value_is_found_at_its_line() {
        let lines = Lines::of(TEXT);
        assert_eq!(lines.root_name(), Some("Top"));
        assert!(lines.has_field("geo") && !lines.has_field("x"));
        assert_eq!(lines.line(""), 3);
        assert_eq!(lines.line("name"), 4);
        assert_eq!(lines.line("list"), 7);
        assert_eq!(lines.line("list[0].y"), 8);
        assert_eq!(lines.line("list[1]"), 9);
        assert_eq!(lines.line("list[1].y"), 11);
        assert_eq!(lines.line("geo[1]"), 16);
        assert_eq!(lines.line("geo[1][1]"), 16);
        assert_eq!(lines.line("map[0][1]"), 19);
    }

    #[test]
    fn a_path_not_written_falls_back_on_its_deepest_part() {
        let lines = Lines::of(TEXT);
        assert_eq!(lines.line("list[1].z"), 9);
        assert_eq!(lines.line("list[7].x"), 7);
        assert_eq!(lines.line("nothing"), 3);
    }

    #[test]
    fn text_that_is_not_ron_gives_what_was_read() {
        assert_eq!(Lines::of("").line("a"), 0);
        let cut = Lines::of("A(\n b: 1,\n c: ) ) (");
        assert_eq!(cut.line("b"), 2);
        assert_eq!(cut.line("c"), 3);
        let deep = "[".repeat(100_000);
        assert_eq!(Lines::of(&deep).line("[0][0]"), 1);
    }
}
