//! The grader's own errors (not the candidate's): a kind that decides the exit code, and a
//! lowercase message that chains context ("failed to load `x`: cannot read ...").

use std::fmt;

/// What went wrong, which decides the exit code (see [`crate::exit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad command line, missing file, unknown language or problem: exit 2.
    Usage,
    /// An invalid problem specification: exit 2.
    Spec,
    /// The grader, a toolchain, a checker or the sandbox failed: exit 3.
    Judge,
}

#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            message: message.into(),
        }
    }
    pub fn spec(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Spec,
            message: message.into(),
        }
    }
    pub fn judge(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Judge,
            message: message.into(),
        }
    }
    /// Prefixes the message with what was being done.
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage | ErrorKind::Spec => crate::exit::USAGE,
            ErrorKind::Judge => crate::exit::JUDGE_ERROR,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Adds context to an error of any kind.
pub trait Context<T> {
    fn context(self, what: impl fmt::Display) -> Result<T>;
}

impl<T> Context<T> for Result<T> {
    fn context(self, what: impl fmt::Display) -> Result<T> {
        self.map_err(|e| e.context(what))
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        // Close enough, and not a rewrite of the whole shorter word (`go` is not `c`).
        .filter(|&(d, c)| d <= (c.len().max(word.len()) / 3).max(2) && d < c.len().min(word.len()))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_typos_not_rewrites() {
        let langs = ["python3", "c", "cpp", "java", "javascript", "rust", "sql"];
        assert_eq!(
            did_you_mean("pyhton3", langs.iter().copied()),
            Some("python3")
        );
        assert_eq!(did_you_mean("jav", langs.iter().copied()), Some("java"));
        assert_eq!(did_you_mean("go", langs.iter().copied()), None);
        assert_eq!(
            did_you_mean("Employes", ["Employees"].into_iter()),
            Some("Employees")
        );
    }
}
