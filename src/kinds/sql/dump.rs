//! SQL text as an author has it, a PostgreSQL dump included, split into what each engine runs:
//! statements (strings, quoted names, dollar quotes and comments respected), psql
//! meta-commands (`\c`, `\connect`, `\set`, any line starting with `\` between statements)
//! skipped, and `COPY … FROM stdin;` blocks (text format: tab-separated, `\N` for NULL, ending
//! at `\.`) kept as data. PostgreSQL runs the statements and copies the blocks as they are;
//! SQLite gets each statement through [`for_sqlite`] (pg_dump's session settings and
//! ownership skipped, its index syntax rewritten) and the blocks as INSERTs. `CREATE SCHEMA`
//! names the schemas SQLite attaches as in-memory databases.

use regex::Regex;
use std::sync::LazyLock;

/// One part of a script, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// One statement, its `;` included.
    Sql(String),
    /// A `COPY … FROM stdin` block.
    Copy(CopyBlock),
}

/// A `COPY table (columns) FROM stdin;` statement and its data lines.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyBlock {
    /// The statement, as written (PostgreSQL runs it).
    pub statement: String,
    pub table: String,
    /// Empty: every column, in the table's order.
    pub columns: Vec<String>,
    /// The data, one row a line, `\n`-terminated, without the `\.` line.
    pub data: String,
    /// The 1-based line of the first data row (for errors).
    pub line: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Lex {
    Code,
    Single,
    /// An `E'…'` string, where a backslash escapes the next character.
    Escaped,
    Double,
    LineComment,
    Block(u32),
}

/// Splits `text` into statements and COPY blocks, skipping psql meta-commands.
pub fn split(text: &str) -> Result<Vec<Piece>, String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Where the statement being read starts, and whether it holds more than white space and
    // comments so far.
    let (mut start, mut code) = (0, false);
    let mut lex = Lex::Code;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        if line_start && lex == Lex::Code && !code {
            let rest = &text[i..];
            if rest.trim_start_matches([' ', '\t']).starts_with('\\') {
                // A psql meta-command between statements: the whole line goes.
                i = rest.find('\n').map_or(b.len(), |n| i + n + 1);
                start = i;
                continue;
            }
        }
        line_start = false;
        let c = b[i];
        let next = b.get(i + 1).copied();
        match lex {
            Lex::Code => match c {
                b'\'' if escape_string(text, i) => (lex, code) = (Lex::Escaped, true),
                b'\'' => (lex, code) = (Lex::Single, true),
                b'"' => (lex, code) = (Lex::Double, true),
                b'-' if next == Some(b'-') => (lex, i) = (Lex::LineComment, i + 1),
                b'/' if next == Some(b'*') => (lex, i) = (Lex::Block(1), i + 1),
                b'$' => {
                    code = true;
                    if let Some(tag) = dollar_tag(text, i) {
                        let body = i + tag.len();
                        let Some(n) = text[body..].find(tag) else {
                            return Err(format!("a dollar-quoted string ({tag}) is not closed"));
                        };
                        i = body + n + tag.len();
                        continue;
                    }
                }
                b';' => {
                    let done = &text[start..=i];
                    i += 1;
                    code = false;
                    match copy_header(done)? {
                        None => out.push(Piece::Sql(done.to_string())),
                        Some((table, columns)) => {
                            // The data starts on the next line.
                            let from = text[i..].find('\n').map_or(b.len(), |n| i + n + 1);
                            let (data, end) = copy_data(text, from)?;
                            out.push(Piece::Copy(CopyBlock {
                                statement: bare(done).to_string(),
                                table,
                                columns,
                                data,
                                line: text[..from].matches('\n').count() + 1,
                            }));
                            i = end;
                            line_start = true;
                        }
                    }
                    start = i;
                    continue;
                }
                b'\n' => line_start = true,
                c if !c.is_ascii_whitespace() => code = true,
                _ => {}
            },
            Lex::Single | Lex::Escaped if c == b'\'' => lex = Lex::Code,
            Lex::Escaped if c == b'\\' => i += 1,
            Lex::Double if c == b'"' => lex = Lex::Code,
            Lex::LineComment if c == b'\n' => (lex, line_start) = (Lex::Code, true),
            Lex::Block(d) if c == b'*' && next == Some(b'/') => {
                lex = if d == 1 { Lex::Code } else { Lex::Block(d - 1) };
                i += 1;
            }
            Lex::Block(d) if c == b'/' && next == Some(b'*') => {
                lex = Lex::Block(d + 1);
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    if code {
        out.push(Piece::Sql(text[start..].to_string()));
    }
    Ok(out)
}

/// Whether the quote at byte `i` opens an `E'…'` string (an `E` or `e` that is a word of its
/// own before it).
fn escape_string(text: &str, i: usize) -> bool {
    let mut before = text[..i].chars().rev();
    matches!(before.next(), Some('E' | 'e'))
        && !before
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// The dollar-quote tag (`$$`, `$body$`) starting at byte `i`, if one does: not a parameter
/// (`$1`) nor the end of a name (`a$b`).
fn dollar_tag(text: &str, i: usize) -> Option<&str> {
    let before = text[..i].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
        return None;
    }
    let rest = &text[i + 1..];
    let n = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    if !rest[n..].starts_with('$') || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(&text[i..i + n + 2])
}

static COPY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^\s*COPY\s+([\w.$]+|(?:\x22[^\x22]+\x22\.?)+)\s*(?:\(([^)]*)\))?\s*FROM\s+stdin\s*(.*?)\s*;\s*$")
        .expect("a valid regex")
});

/// Strips the leading comments and white space of a statement.
pub(super) fn bare(stmt: &str) -> &str {
    let mut rest = stmt;
    loop {
        let t = rest.trim_start();
        if let Some(r) = t.strip_prefix("--") {
            rest = r.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(r) = t.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return t;
        }
    }
}

/// The table and columns of a `COPY … FROM stdin;` statement, `None` for any other statement.
fn copy_header(stmt: &str) -> Result<Option<(String, Vec<String>)>, String> {
    let Some(m) = COPY.captures(bare(stmt)) else {
        return Ok(None);
    };
    let options = m.get(3).map_or("", |o| o.as_str());
    if !options.is_empty() {
        return Err(format!(
            "`COPY … FROM stdin {options}`: only COPY's default text format is read (tab-separated, \\N for NULL), as pg_dump writes it"
        ));
    }
    let columns = m.get(2).map_or_else(Vec::new, |c| {
        c.as_str()
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    Ok(Some((m[1].replace('"', ""), columns)))
}

/// The data lines of a COPY block from byte `from`, up to its `\.` line: the data and where
/// the text goes on after it.
fn copy_data(text: &str, from: usize) -> Result<(String, usize), String> {
    let mut data = String::new();
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        at += line.len();
        let row = line.trim_end_matches(['\n', '\r']);
        if row == "\\." {
            return Ok((data, at));
        }
        data.push_str(row);
        data.push('\n');
    }
    Err("a `COPY … FROM stdin;` block has no `\\.` line to end it".into())
}

/// The rows of a COPY block's text-format data: fields split on tabs, `\N` is NULL, backslash
/// escapes decoded (`\t`, `\n`, `\\`, octal and `\x` hex). Errors name the line.
pub fn copy_rows(block: &CopyBlock) -> Result<Vec<Vec<Option<String>>>, String> {
    let mut rows = Vec::new();
    for (i, line) in block.data.lines().enumerate() {
        let mut row = Vec::new();
        for field in line.split('\t') {
            if field == "\\N" {
                row.push(None);
                continue;
            }
            row.push(Some(unescape(field).map_err(|e| {
                format!("line {} of the COPY data: {e}", block.line + i)
            })?));
        }
        rows.push(row);
    }
    Ok(rows)
}

fn unescape(field: &str) -> Result<String, String> {
    if !field.contains('\\') {
        return Ok(field.to_string());
    }
    let mut bytes = Vec::with_capacity(field.len());
    let b = field.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            bytes.push(b[i]);
            i += 1;
            continue;
        }
        let Some(&e) = b.get(i + 1) else {
            return Err("a field ends with a lone backslash".into());
        };
        i += 2;
        match e {
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'n' => bytes.push(b'\n'),
            b'r' => bytes.push(b'\r'),
            b't' => bytes.push(b'\t'),
            b'v' => bytes.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                bytes.push(v as u8);
            }
            b'x' => {
                let hex: String = b[i..]
                    .iter()
                    .take(2)
                    .take_while(|d| d.is_ascii_hexdigit())
                    .map(|&d| d as char)
                    .collect();
                if hex.is_empty() {
                    bytes.push(b'x');
                } else {
                    i += hex.len();
                    bytes.push(u8::from_str_radix(&hex, 16).unwrap_or(0));
                }
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| "a field is not UTF-8 once unescaped".to_string())
}

static CREATE_SCHEMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([A-Za-z_][\w$]*)"?"#)
        .expect("a valid regex")
});

/// The schema a `CREATE SCHEMA` statement creates (lower case, as PostgreSQL folds it).
pub fn created_schema(stmt: &str) -> Option<String> {
    CREATE_SCHEMA
        .captures(bare(stmt))
        .map(|m| m[1].to_ascii_lowercase())
}

/// Statements of a pg_dump that mean nothing to SQLite (session settings, ownership, grants,
/// comments, sequences, constraints added after the data): skipped there.
static SKIPPED_ON_SQLITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^(?:SET\s|RESET\s|SELECT\s+(?:pg_catalog\.)?(?:set_config|setval)\s*\(|CREATE\s+(?:SCHEMA|DATABASE|EXTENSION|SEQUENCE)\s|ALTER\s+(?:SCHEMA|SEQUENCE|DATABASE)\s|ALTER\s+TABLE\s+ONLY\s|ALTER\s+\w+\s+.*\sOWNER\s+TO\s|COMMENT\s+ON\s|GRANT\s|REVOKE\s)",
    )
    .expect("a valid regex")
});

/// Statements of a dump a throwaway cluster must not run: another database, ownership by
/// roles it lacks, and privileges (the answer's role gets exactly the grader's grants).
static SKIPPED_ON_POSTGRES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^(?:CREATE\s+DATABASE\s|ALTER\s+\w+\s+.*\sOWNER\s+TO\s|GRANT\s|REVOKE\s|ALTER\s+DEFAULT\s+PRIVILEGES\s|SET\s+ROLE\s|SET\s+SESSION\s+AUTHORIZATION\s)",
    )
    .expect("a valid regex")
});

/// Whether PostgreSQL runs this statement of a script (see [`SKIPPED_ON_POSTGRES`]).
pub fn for_postgres(stmt: &str) -> bool {
    let b = bare(stmt);
    !b.is_empty() && !SKIPPED_ON_POSTGRES.is_match(b)
}

static INDEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^CREATE\s+(UNIQUE\s+)?INDEX\s+(IF\s+NOT\s+EXISTS\s+)?("[^"]+"|\w+)\s+ON\s+(?:ONLY\s+)?(?:("[^"]+"|\w+)\.)?("[^"]+"|\w+)\s*(?:USING\s+\w+\s*)?\("#,
    )
    .expect("a valid regex")
});

static REFERENCES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bREFERENCES\s+(?:"[^"]+"|\w+)\.("[^"]+"|\w+)"#).expect("a valid regex")
});

/// A statement as SQLite takes it: `None` for one of pg_dump's it skips; an index's schema
/// moved onto its name (`CREATE INDEX cd.i ON bookings (…)`, no `USING btree`); a foreign key's
/// schema dropped (SQLite's references stay within one database).
pub fn for_sqlite(stmt: &str) -> Option<String> {
    let b = bare(stmt);
    if b.is_empty() || SKIPPED_ON_SQLITE.is_match(b) {
        return None;
    }
    if let Some(m) = INDEX.captures(b) {
        let schema = m
            .get(4)
            .map_or(String::new(), |s| format!("{}.", s.as_str()));
        let head = format!(
            "CREATE {}INDEX {}{schema}{} ON {} (",
            m.get(1).map_or("", |u| u.as_str()),
            m.get(2).map_or("", |u| u.as_str()),
            &m[3],
            &m[5]
        );
        return Some(format!("{head}{}", &b[m.get(0).map_or(0, |a| a.end())..]));
    }
    Some(REFERENCES.replace_all(b, "REFERENCES $1").into_owned())
}

static SEARCH_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^(?:SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|TO)\s*([^;]*?)\s*;?\s*$|SELECT\s+(?:pg_catalog\.)?set_config\s*\(\s*'search_path'\s*,\s*'([^']*)')",
    )
    .expect("a valid regex")
});

/// The schema a `SET search_path = cd, pg_catalog;` (or pg_dump's `set_config('search_path',
/// …)`) makes current: `Some(None)` for none (an empty path, or `public`, SQLite's `main`),
/// `None` when the statement is something else.
pub fn search_path(stmt: &str) -> Option<Option<String>> {
    let m = SEARCH_PATH.captures(bare(stmt))?;
    let list = m.get(1).or(m.get(2)).map_or("", |l| l.as_str());
    let first = list
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['\'', '"'])
        .to_ascii_lowercase();
    Some(match first.as_str() {
        "" | "public" | "default" | "pg_catalog" | "\"$user\"" | "$user" => None,
        _ => Some(first),
    })
}

static UNQUALIFIED_CREATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^(CREATE\s+(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?|CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"[^"]+"|\w+)\s+ON\s+(?:ONLY\s+)?)("[^"]+"|\w+)(\s*[(\s])"#,
    )
    .expect("a valid regex")
});

/// A `CREATE TABLE`, `CREATE VIEW` or `CREATE INDEX … ON` of an unqualified table, qualified
/// with `schema` (the current one of a dump that set its search path): SQLite would create
/// it in `main`. Other statements are returned as they are.
pub fn qualify(stmt: &str, schema: &str) -> String {
    let b = bare(stmt);
    UNQUALIFIED_CREATE
        .replace(b, |m: &regex::Captures| {
            format!("{}{schema}.{}{}", &m[1], &m[2], &m[3])
        })
        .into_owned()
}

static TRUNCATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)\s*\*?\s*(?:(?:RESTART|CONTINUE)\s+IDENTITY\s*)?(?:CASCADE|RESTRICT)?\s*;?\s*$"#,
    )
    .expect("a valid regex")
});

/// SQLite has no TRUNCATE: `TRUNCATE [TABLE] t` (one table) as the `DELETE FROM t` it means
/// there (SQLite's truncate optimisation). `None` for any other statement.
pub fn truncate_as_delete(sql: &str) -> Option<String> {
    TRUNCATE
        .captures(bare(sql))
        .map(|m| format!("DELETE FROM {}", &m[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "--\n-- PostgreSQL database dump\n--\n\\restrict abc\nSET statement_timeout = 0;\n\
        SELECT pg_catalog.set_config('search_path', '', false);\n\\connect exercises\n\
        CREATE SCHEMA cd;\nCREATE TABLE cd.t (a integer, b text DEFAULT 'x;\\c y');\n\
        COPY cd.t (a, b) FROM stdin;\n1\tone\\ttab\n2\t\\N\n\\.\n\
        CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
        INSERT INTO cd.t VALUES (3, E'it\\'s; \\\\'), (4, 'type');\n\
        CREATE INDEX \"t.a\" ON cd.t USING btree (a);\n\\unrestrict abc\n";

    #[test]
    fn a_dump_splits_into_statements_and_copy_blocks() {
        let p = split(DUMP).unwrap();
        let sql: Vec<&str> = p
            .iter()
            .filter_map(|p| match p {
                Piece::Sql(s) => Some(bare(s)),
                Piece::Copy(_) => None,
            })
            .collect();
        assert_eq!(
            sql,
            [
                "SET statement_timeout = 0;",
                "SELECT pg_catalog.set_config('search_path', '', false);",
                "CREATE SCHEMA cd;",
                "CREATE TABLE cd.t (a integer, b text DEFAULT 'x;\\c y');",
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
                "INSERT INTO cd.t VALUES (3, E'it\\'s; \\\\'), (4, 'type');",
                "CREATE INDEX \"t.a\" ON cd.t USING btree (a);",
            ]
        );
        let Piece::Copy(c) = &p[4] else {
            panic!("{p:?}")
        };
        assert_eq!(
            (c.table.as_str(), c.columns.clone()),
            ("cd.t", vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(c.line, 11);
        assert_eq!(
            copy_rows(c).unwrap(),
            [
                vec![Some("1".into()), Some("one\ttab".into())],
                vec![Some("2".into()), None]
            ]
        );
        assert_eq!(
            created_schema("-- x\nCREATE SCHEMA IF NOT EXISTS CD;").as_deref(),
            Some("cd")
        );
    }

    #[test]
    fn sqlite_skips_settings_and_rewrites_indexes_and_references() {
        for skipped in [
            "SET client_encoding = 'UTF8';",
            "SELECT pg_catalog.set_config('search_path', '', false);",
            "ALTER TABLE cd.t OWNER TO postgres;",
            "ALTER TABLE ONLY cd.t ADD CONSTRAINT t_pk PRIMARY KEY (a);",
            "CREATE SCHEMA cd;",
            "-- c\nCOMMENT ON SCHEMA cd IS 'x';",
        ] {
            assert_eq!(for_sqlite(skipped), None, "{skipped}");
        }
        assert_eq!(
            for_sqlite("CREATE INDEX \"t.a\" ON cd.t USING btree (a, b);").unwrap(),
            "CREATE INDEX cd.\"t.a\" ON t (a, b);"
        );
        assert_eq!(
            for_sqlite("CREATE TABLE cd.m (r integer REFERENCES cd.m(id));").unwrap(),
            "CREATE TABLE cd.m (r integer REFERENCES m(id));"
        );
        assert_eq!(for_sqlite("SELECT 1;").unwrap(), "SELECT 1;");
    }

    #[test]
    fn an_older_dump_sets_its_search_path_instead_of_qualifying() {
        assert_eq!(
            search_path("SET search_path = cd, pg_catalog;"),
            Some(Some("cd".into()))
        );
        assert_eq!(
            search_path("SELECT pg_catalog.set_config('search_path', '', false);"),
            Some(None)
        );
        assert_eq!(search_path("SET search_path TO public;"), Some(None));
        assert_eq!(search_path("SET client_encoding = 'UTF8';"), None);
        assert_eq!(
            qualify("CREATE TABLE members (memid integer);", "cd"),
            "CREATE TABLE cd.members (memid integer);"
        );
        let index = qualify("CREATE INDEX \"b.s\" ON bookings USING btree (s);", "cd");
        assert_eq!(
            for_sqlite(&index).unwrap(),
            "CREATE INDEX cd.\"b.s\" ON bookings (s);"
        );
        assert_eq!(
            qualify("CREATE TABLE cd.members (memid integer);", "cd"),
            "CREATE TABLE cd.members (memid integer);"
        );
    }

    #[test]
    fn truncate_is_a_delete_on_sqlite() {
        assert_eq!(
            truncate_as_delete("-- empty it\nTRUNCATE TABLE cd.bookings RESTART IDENTITY;")
                .as_deref(),
            Some("DELETE FROM cd.bookings")
        );
        assert_eq!(
            truncate_as_delete("truncate t").as_deref(),
            Some("DELETE FROM t")
        );
        assert_eq!(truncate_as_delete("TRUNCATE a, b"), None);
        assert_eq!(truncate_as_delete("DELETE FROM t"), None);
    }

    #[test]
    fn copy_errors_name_the_problem() {
        let e = split("COPY t FROM stdin;\n1\n").unwrap_err();
        assert!(e.contains("no `\\.` line"), "{e}");
        let e = split("COPY t FROM stdin WITH (FORMAT csv);\n\\.\n").unwrap_err();
        assert!(e.contains("only COPY's default text format"), "{e}");
    }
}
