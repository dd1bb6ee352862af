//! Reporters: consumers of run events. `human` for people, `json` for machines.

mod human;
mod json;

pub use human::{Human, paint};
pub use json::Json;
