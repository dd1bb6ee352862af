//! `grader batch`: many submissions of one problem graded together, with a journal that makes
//! a killed batch resumable, and a gradebook, JSON and an HTML report at the end. Submissions
//! are read only inside the class folder, as its owner (`contain`).

pub mod contain;
pub mod discover;
pub mod html;
pub mod journal;
pub mod lms;
pub mod output;
pub mod roster;
pub mod run;

pub use contain::Class;
pub use discover::{Submission, discover};
pub use journal::{Entry, Journal, write_atomic};
pub use run::{Plan, Progress};
