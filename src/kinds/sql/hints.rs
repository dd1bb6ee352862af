//! Dialect hints: when SQLite rejects a PostgreSQL, MySQL or SQL Server habit, say what SQLite
//! spells instead, and when PostgreSQL rejects an SQLite or MySQL leniency, say what it wants
//! (`research/sql-grading.md` §5). Matched on the engine's message and on the answer's text;
//! answers are never rewritten.

use regex::Regex;
use std::sync::LazyLock;

struct Rule {
    /// Matched against the answer (comments and string literals left in: good enough for hints).
    sql: Option<Regex>,
    /// Matched against SQLite's error message.
    error: Option<Regex>,
    hint: &'static str,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let r = |s: &str| Some(Regex::new(s).expect("valid hint regex"));
    vec![
        Rule {
            sql: r(r"(?i)\bilike\b"),
            error: None,
            hint: "SQLite has no ILIKE (PostgreSQL): LIKE is already case-insensitive for ASCII, or compare lower(x) LIKE lower(pattern)",
        },
        Rule {
            sql: r(r"::\s*[A-Za-z]"),
            error: None,
            hint: "SQLite has no `::type` casts (PostgreSQL): write CAST(x AS INTEGER), CAST(x AS REAL) or CAST(x AS TEXT)",
        },
        Rule {
            sql: None,
            error: r(r"(?i)no such function: date_trunc"),
            hint: "SQLite has no DATE_TRUNC (PostgreSQL): use strftime('%Y-%m-01', d) or date(d, 'start of month')",
        },
        Rule {
            sql: r(r"(?i)\bextract\s*\("),
            error: None,
            hint: "SQLite has no EXTRACT: use strftime('%Y', d) for the year, '%m' for the month, '%d' for the day",
        },
        Rule {
            sql: None,
            error: r(r"should this be a string literal in single-quotes"),
            hint: "strings take single quotes in SQL ('Alice'); double quotes name columns and tables",
        },
        Rule {
            sql: r(r"`"),
            error: r(r"no such column"),
            hint: "backticks quote names (MySQL), not strings: write strings in single quotes ('Alice')",
        },
        Rule {
            sql: None,
            error: r(r"(?i)no such function: (now|getdate|curdate|sysdate)\b"),
            hint: "SQLite has no NOW()/GETDATE(): use date('now') or datetime('now') (problems fix the date in their data when it matters)",
        },
        Rule {
            sql: None,
            error: r(r"(?i)no such function: (greatest|least)\b"),
            hint: "SQLite has no GREATEST/LEAST: the scalar max(a, b) and min(a, b) do the same",
        },
        Rule {
            sql: None,
            error: r(r"(?i)no such function: (isnull|nvl)\b"),
            hint: "use COALESCE(x, fallback) (or IFNULL) instead of ISNULL/NVL",
        },
        Rule {
            sql: None,
            error: r(r"(?i)no such function: len\b"),
            hint: "SQLite spells LEN as length(x)",
        },
        Rule {
            sql: r(r"(?i)\bselect\s+(distinct\s+)?top\s+\d"),
            error: None,
            hint: "SQLite has no TOP n (SQL Server): put LIMIT n at the end of the query",
        },
        Rule {
            sql: r(r"(?i)\bfetch\s+(first|next)\b"),
            error: None,
            hint: "SQLite has no FETCH FIRST n ROWS ONLY: use LIMIT n (OFFSET m)",
        },
        Rule {
            sql: r(r"(?i)\bdistinct\s+on\s*\("),
            error: None,
            hint: "SQLite has no DISTINCT ON (PostgreSQL): pick one row per group with ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) = 1",
        },
        Rule {
            sql: r(r"(?i)\bwithin\s+group\b"),
            error: None,
            hint: "SQLite has no WITHIN GROUP: median(x) and percentile(x, p) are built in",
        },
        Rule {
            sql: r(r"(?i)\bcast\s*\([^)]*\bas\s+(signed|unsigned)\b"),
            error: None,
            hint: "CAST(x AS SIGNED) is MySQL: SQLite writes CAST(x AS INTEGER)",
        },
    ]
});

/// Habits PostgreSQL rejects (matched on its message and the answer).
static PG_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let r = |s: &str| Some(Regex::new(s).expect("valid hint regex"));
    vec![
        Rule {
            sql: None,
            error: r(r"must appear in the GROUP BY clause or be used in an aggregate function"),
            hint: "PostgreSQL needs every selected column either in GROUP BY or inside an aggregate (SQLite lets a bare column through and picks some row's value)",
        },
        Rule {
            sql: r(r"`"),
            error: None,
            hint: "backticks quote names in MySQL only: PostgreSQL quotes names with double quotes and strings with single quotes",
        },
        Rule {
            sql: r(r#""[^"]*""#),
            error: r(r"^column .* does not exist"),
            hint: "strings take single quotes ('Alice'); double quotes name columns in PostgreSQL",
        },
        Rule {
            sql: None,
            error: r(r"LIMIT #,# syntax is not supported"),
            hint: "write LIMIT n OFFSET m (LIMIT m, n is MySQL/SQLite)",
        },
        Rule {
            sql: None,
            error: r(r"function (ifnull|iif|if|group_concat|instr|strftime|datetime|date)\("),
            hint: "an SQLite/MySQL function: PostgreSQL spells it COALESCE, CASE WHEN, string_agg(x, ','), position(), to_char()/date_trunc()",
        },
        Rule {
            sql: None,
            error: r(r"function round\(double precision, integer\) does not exist"),
            hint: "PostgreSQL rounds to n digits only a NUMERIC: round(CAST(x AS NUMERIC), 2)",
        },
        Rule {
            sql: None,
            error: r(r"division by zero"),
            hint: "PostgreSQL fails on x / 0 where SQLite gives NULL: guard it with NULLIF(divisor, 0)",
        },
    ]
});

/// The dialect hint for an answer PostgreSQL rejected with `error`, if one applies.
pub fn pg_hint(sql: &str, error: &str) -> Option<&'static str> {
    PG_RULES
        .iter()
        .find(|r| {
            r.sql.as_ref().is_none_or(|re| re.is_match(sql))
                && r.error.as_ref().is_none_or(|re| re.is_match(error))
        })
        .map(|r| r.hint)
}

/// The dialect hint for an answer SQLite rejected with `error`, if one applies.
pub fn dialect_hint(sql: &str, error: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|r| {
            r.sql.as_ref().is_none_or(|re| re.is_match(sql))
                && r.error.as_ref().is_none_or(|re| re.is_match(error))
        })
        .map(|r| r.hint)
}

/// For an unknown table or column (SQLite's `no such table: Employes`, `no such column: e.nme`,
/// PostgreSQL's `relation "employes" does not exist`, `column "nme" does not exist`), the
/// closest of the dataset's `tables` or `columns`, as the schema spells it: `did you mean
/// `employees`?`.
pub fn name_hint(error: &str, tables: &[String], columns: &[String]) -> Option<String> {
    static UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"no such (table|column): ([\w.]+)|(relation|column) "([^"]+)" does not exist"#)
            .expect("valid regex")
    });
    let c = UNKNOWN.captures(error)?;
    let (what, name) = match (c.get(1).or(c.get(3)), c.get(2).or(c.get(4))) {
        (Some(w), Some(n)) => (w.as_str(), n.as_str()),
        _ => return None,
    };
    let candidates = if what == "column" { columns } else { tables };
    // `main.employes` or `e.nme`: the last part is the name.
    let name = name.rsplit('.').next().unwrap_or(name).to_lowercase();
    let lower: Vec<String> = candidates.iter().map(|c| c.to_lowercase()).collect();
    let best = crate::error::did_you_mean(&name, lower.iter().map(String::as_str))?;
    let i = lower.iter().position(|l| l == best)?;
    Some(format!("did you mean `{}`?", candidates[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_tables_and_columns() {
        let tables = ["Employees".to_string(), "departments".to_string()];
        let columns = ["name".to_string(), "dept_id".to_string()];
        let h = |e: &str| name_hint(e, &tables, &columns);
        assert_eq!(
            h("no such table: Employes").as_deref(),
            Some("did you mean `Employees`?")
        );
        assert_eq!(
            h("no such column: e.nme").as_deref(),
            Some("did you mean `name`?")
        );
        assert_eq!(
            h("relation \"departmnts\" does not exist").as_deref(),
            Some("did you mean `departments`?")
        );
        assert_eq!(h("no such table: orders"), None);
        assert_eq!(h("near \"SELEC\": syntax error"), None);
    }

    #[test]
    fn common_habits() {
        let h = |sql, err| dialect_hint(sql, err).unwrap_or("");
        assert!(
            h(
                "SELECT * FROM t WHERE name ILIKE 'a%'",
                "near \"ILIKE\": syntax error"
            )
            .contains("LIKE")
        );
        assert!(h("SELECT salary::int FROM t", "unrecognized token: \":\"").contains("CAST"));
        assert!(
            h(
                "SELECT DATE_TRUNC('month', d) FROM t",
                "no such function: DATE_TRUNC"
            )
            .contains("strftime")
        );
        assert!(
            h(
                "SELECT * FROM t WHERE name = \"Alice\"",
                "no such column: \"Alice\" - should this be a string literal in single-quotes?"
            )
            .contains("single quotes")
        );
        assert!(
            h(
                "SELECT * FROM t WHERE name = `Alice`",
                "no such column: Alice"
            )
            .contains("backticks")
        );
        assert_eq!(
            dialect_hint("SELECT nme FROM t", "no such column: nme"),
            None
        );
    }
}
