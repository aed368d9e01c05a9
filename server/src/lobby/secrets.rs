//! Secrets as the record keeps them: the join code, the host key, the seat codes and the rejoin
//! tokens are written as keyed hashes (BLAKE3, keyed by a salt made for each game), so that a copy of the
//! record does not let anyone in as the host or as a student. The clear texts live only in
//! memory, in the server that made them.

use rand::TryRngCore;
use serde::{Deserialize, Serialize};

use entente_shared::protocol::RejoinToken;

/// The hashes of a game's secrets, as the record's first line keeps them (in hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// The key of every hash of this game.
    pub salt: String,
    /// Empty in records written before the join code was hashed: their settings keep it in
    /// clear.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub join_code: String,
    pub host_key: String,
    /// One for each kept seat, in the order of the settings' `reserved`.
    pub seat_codes: Vec<String>,
}

/// A game's secrets as the server checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secrets {
    salt: [u8; 32],
    join_code: String,
    host_key: String,
    /// `None` for a kept seat of a record written before seat codes: claimed by name alone.
    seat_codes: Vec<Option<String>>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system gives random bytes");
    bytes
}

/// A code people can read aloud and type, `XXXX-XXXX` (no 0/O or 1/I): about 40 bits.
pub fn random_seat_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let letters: Vec<char> = random_bytes::<8>()
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    let (a, b) = letters.split_at(4);
    format!(
        "{}-{}",
        a.iter().collect::<String>(),
        b.iter().collect::<String>()
    )
}

/// A join code as typed, compared without the spaces around it or the case of its letters.
fn normal_join_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// A code as typed, compared without case, spaces or dashes (`abcd efgh` is `ABCD-EFGH`).
fn normal_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

impl Secrets {
    /// Seals a new game's clear join code, host key and seat codes under a fresh salt.
    pub fn seal(join_code: &str, host_key: &str, seat_codes: &[String]) -> (Secrets, Sealed) {
        let mut secrets = Secrets {
            salt: random_bytes(),
            join_code: String::new(),
            host_key: String::new(),
            seat_codes: Vec::new(),
        };
        secrets.join_code = secrets.hash("join code", normal_join_code(join_code).as_bytes());
        secrets.host_key = secrets.hash("host key", host_key.trim().as_bytes());
        secrets.seat_codes = seat_codes
            .iter()
            .map(|c| Some(secrets.hash("seat code", normal_code(c).as_bytes())))
            .collect();
        let sealed = Sealed {
            salt: hex(&secrets.salt),
            join_code: secrets.join_code.clone(),
            host_key: secrets.host_key.clone(),
            seat_codes: secrets
                .seat_codes
                .iter()
                .map(|c| c.clone().unwrap_or_default())
                .collect(),
        };
        (secrets, sealed)
    }

    /// The secrets of a record's first line. `clear_join_code` is the join code its settings
    /// keep in clear: only records written before the join code was hashed have one (and no
    /// hash of it), and it is hashed here.
    pub fn unseal(
        sealed: &Sealed,
        reserved: usize,
        clear_join_code: &str,
    ) -> Result<Secrets, String> {
        let salt = unhex(&sealed.salt).ok_or("the record's salt is not 64 hex digits")?;
        if sealed.seat_codes.len() != reserved {
            return Err(format!(
                "the record keeps {} seat codes for {reserved} kept seats",
                sealed.seat_codes.len()
            ));
        }
        let mut secrets = Secrets {
            salt,
            join_code: sealed.join_code.clone(),
            host_key: sealed.host_key.clone(),
            seat_codes: sealed.seat_codes.iter().cloned().map(Some).collect(),
        };
        if secrets.join_code.is_empty() {
            secrets.join_code =
                secrets.hash("join code", normal_join_code(clear_join_code).as_bytes());
        }
        Ok(secrets)
    }

    /// The secrets of a record written before they were hashed: the join code and the host key
    /// read from their clear fields, no seat codes (those seats are claimed by name, as then). The salt is
    /// derived from the record's first line, so that every resume of it agrees.
    pub fn legacy(host_key: &str, join_code: &str, seed: u64, reserved: usize) -> Secrets {
        let mut h = blake3::Hasher::new();
        h.update(b"entente legacy record salt\0");
        h.update(join_code.as_bytes());
        h.update(&seed.to_le_bytes());
        let mut secrets = Secrets {
            salt: *h.finalize().as_bytes(),
            join_code: String::new(),
            host_key: String::new(),
            seat_codes: vec![None; reserved],
        };
        secrets.join_code = secrets.hash("join code", normal_join_code(join_code).as_bytes());
        secrets.host_key = secrets.hash("host key", host_key.trim().as_bytes());
        secrets
    }

    fn hash(&self, what: &str, text: &[u8]) -> String {
        let mut h = blake3::Hasher::new_keyed(&self.salt);
        h.update(what.as_bytes());
        h.update(&[0]);
        h.update(text);
        hex(h.finalize().as_bytes())
    }

    /// Whether `code` is the game's join code (without the spaces around it, in any case).
    pub fn is_join_code(&self, code: &str) -> bool {
        self.hash("join code", normal_join_code(code).as_bytes()) == self.join_code
    }

    /// Whether `code` lets a client in: the join code, or a kept seat's code.
    pub fn admits(&self, code: &str) -> bool {
        self.is_join_code(code) || self.seat_of_code(code).is_some()
    }

    pub fn is_host_key(&self, key: &str) -> bool {
        self.hash("host key", key.trim().as_bytes()) == self.host_key
    }

    /// Which kept seat `code` is the code of, if any.
    pub fn seat_of_code(&self, code: &str) -> Option<usize> {
        let code = normal_code(code);
        if code.is_empty() {
            return None;
        }
        let hash = self.hash("seat code", code.as_bytes());
        self.seat_codes
            .iter()
            .position(|c| c.as_deref() == Some(hash.as_str()))
    }

    /// Whether the kept seat `i` has a code (records before seat codes: no).
    pub fn seat_has_code(&self, i: usize) -> bool {
        self.seat_codes.get(i).is_some_and(Option::is_some)
    }

    /// What the record keeps of a rejoin token.
    pub fn token_hash(&self, token: &RejoinToken) -> String {
        self.hash("rejoin token", token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_checked_by_hash_and_survive_the_record() {
        let codes = vec![random_seat_code(), random_seat_code()];
        let (secrets, sealed) = Secrets::seal(" Class7 ", " teacher ", &codes);
        assert!(!format!("{sealed:?}").contains("teacher"));
        assert!(!format!("{sealed:?}").to_lowercase().contains("class7"));
        assert!(!format!("{sealed:?}").contains(&codes[0]));
        // A clear join code beside a hash of it is not looked at.
        let again = Secrets::unseal(&sealed, 2, "OTHER").unwrap();
        assert_eq!(again, secrets);
        assert!(again.is_join_code("class7 ") && again.admits("CLASS7"));
        assert!(!again.is_join_code("CLASS 7") && !again.is_join_code("CLASS8"));
        assert!(again.admits(&codes[0]) && !again.admits("OTHER"));
        // A record sealed before the join code was: its settings' clear code is the one.
        let older = Sealed {
            join_code: String::new(),
            ..sealed.clone()
        };
        let older = Secrets::unseal(&older, 2, "Class7").unwrap();
        assert!(older.is_join_code("CLASS7") && !older.is_join_code("OTHER"));
        assert!(older.is_host_key("teacher"));
        assert!(again.is_host_key("teacher"));
        assert!(!again.is_host_key("teacher2"));
        assert_eq!(again.seat_of_code(&codes[1]), Some(1));
        assert_eq!(
            again.seat_of_code(&codes[0].to_lowercase().replace('-', " ")),
            Some(0)
        );
        assert_eq!(again.seat_of_code("ABCD-EFGH"), None);
        assert_eq!(again.seat_of_code(""), None);
        assert!(Secrets::unseal(&sealed, 3, "").is_err());
        // Another game's salt gives other hashes of the same key.
        let (_, other) = Secrets::seal("Class7", "teacher", &[]);
        assert_ne!(other.host_key, sealed.host_key);
        assert_ne!(other.join_code, sealed.join_code);
        let legacy = Secrets::legacy("hk", "CODE", 7, 1);
        assert!(legacy.is_host_key("hk"));
        assert!(legacy.is_join_code(" code") && !legacy.is_join_code("hk"));
        assert_eq!(legacy, Secrets::legacy("hk", "CODE", 7, 1));
        assert!(!legacy.seat_has_code(0));
        let code = random_seat_code();
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
    }
}
