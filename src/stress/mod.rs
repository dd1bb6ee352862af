//! `grader stress`: random tests from the problem's `[generator]`, run on the answer and on a
//! reference, until they disagree (WA, RE, TLE of the answer where the reference runs cleanly);
//! the failing input is then shrunk while the disagreement persists. Above the judge: every
//! run goes through `crate::judge`'s public API.

pub mod shrink;
