//! The `[sql]` settings of a problem, as data: the engines an answer runs on ([`Engine`]), what
//! PostgreSQL's verdicts weigh ([`PgPolicy`]) and `[sql.compare]`, how a result is compared with
//! the reference's ([`Options`]). The comparison itself lives with the SQL kind.

use serde::{Deserialize, Serialize};

/// An engine SQL answers run on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// The bundled SQLite, in-process (the default, and the only one for `[sql.plan]`).
    Sqlite,
    /// A throwaway PostgreSQL cluster started by the grader.
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// What PostgreSQL's verdicts weigh on a problem with `engines = ["sqlite", "postgres"]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PgPolicy {
    /// They count like SQLite's; without PostgreSQL installed the run is a judge error.
    #[default]
    Required,
    /// They are reported as notes; without PostgreSQL installed the engine is skipped.
    Advisory,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RowOrder {
    /// Rows are a multiset (or a set): their order is ignored.
    #[default]
    Any,
    /// The rows must be sorted by `order_keys`; ties may come in any order.
    ByKeys,
    /// The rows must come in the reference's order (only for a total ORDER BY).
    Exact,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ColumnOrder {
    #[default]
    Strict,
    /// Any permutation of the columns is accepted (up to 6 columns).
    Any,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ColumnNames {
    #[default]
    Ignore,
    CaseInsensitive,
    Exact,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Duplicates {
    /// Duplicate rows count.
    #[default]
    Bag,
    /// Duplicate rows are ignored.
    Set,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StringCase {
    #[default]
    Sensitive,
    Insensitive,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Nulls {
    First,
    Last,
}

/// One key of `row_order = "by_keys"`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrderKey {
    /// 1-based column position in the result.
    pub col: usize,
    #[serde(default)]
    pub desc: bool,
    /// Where NULLs go; default as SQLite sorts them (first ascending, last descending).
    pub nulls: Option<Nulls>,
}

/// `[sql.compare]`: how the candidate's result is compared with the reference's.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    pub row_order: RowOrder,
    pub order_keys: Vec<OrderKey>,
    pub column_order: ColumnOrder,
    pub column_names: ColumnNames,
    pub duplicates: Duplicates,
    pub abs_tol: f64,
    pub rel_tol: f64,
    /// Round every number to this many decimals on both sides before comparing.
    pub round_digits: Option<u32>,
    /// Text that reads as a number equals that number (off: `'1'` is not `1`).
    pub text_equals_number: bool,
    pub string_case: StringCase,
    pub trim_strings: bool,
}

/// The wire form is the options themselves.
pub type CompareToml = Options;

impl Default for Options {
    fn default() -> Self {
        Options {
            row_order: RowOrder::Any,
            order_keys: Vec::new(),
            column_order: ColumnOrder::Strict,
            column_names: ColumnNames::Ignore,
            duplicates: Duplicates::Bag,
            abs_tol: 1e-9,
            rel_tol: 1e-9,
            round_digits: None,
            text_equals_number: false,
            string_case: StringCase::Sensitive,
            trim_strings: false,
        }
    }
}
