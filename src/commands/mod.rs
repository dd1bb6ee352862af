//! One file per subcommand.

pub mod batch;
pub mod check;
pub mod doctor;
pub mod export;
pub mod import;
pub mod list;
pub mod merge;
pub mod run;
pub mod show;
pub mod verify;
