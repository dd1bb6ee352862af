//! SQLite, contained: datasets built once into an image, every query on a fresh read-only copy
//! of it, with the safety recipe of `research/sql-grading.md` §3: one statement only, an
//! authorizer allow-list (SELECT, reads of the dataset's tables, recursion, functions but a deny
//! list), DEFENSIVE mode, no double-quoted strings, no ATTACH, length limits, a deterministic
//! step budget (progress handler), a wall-clock safety net (`interrupt()` from a watchdog), a row
//! cap and a process-wide hard heap limit. SQLite runs in-process; nothing is started.

use super::dump::{
    CopyBlock, Piece, copy_rows, created_schema, for_sqlite, qualify, search_path, split,
    truncate_as_delete,
};
use super::table::{Cell, ResultSet};
use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, MAIN_DB, ffi};
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// The longest string or blob a query may build.
pub const MAX_LENGTH: i32 = 1_000_000;
/// The longest SQL text accepted.
pub const MAX_SQL_LENGTH: i32 = 100_000;
/// The progress handler runs every this many VM instructions.
const STEP_GRAIN: u64 = 1000;

/// Functions a candidate may not call: nondeterministic ones and extension loading.
const DENIED_FUNCTIONS: &[&str] = &["load_extension", "random", "randomblob"];

/// Sets the process-wide ceiling on SQLite's heap (SQLite's own allocations only, not Rust's).
pub fn set_heap_limit(bytes: u64) {
    let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
    // SAFETY: takes no pointers; the bundled SQLite is built thread-safe (THREADSAFE=1), so the
    // call may come from any thread at any time.
    unsafe {
        ffi::sqlite3_hard_heap_limit64(bytes);
    }
}

/// SQLite's heap high-water mark since the last reset, resetting it.
pub fn heap_highwater_reset() -> u64 {
    // SAFETY: takes no pointers and is thread-safe in a THREADSAFE=1 build.
    let v = unsafe { ffi::sqlite3_memory_highwater(1) };
    v.max(0) as u64
}

/// The bundled SQLite's version.
pub fn version() -> &'static str {
    rusqlite::version()
}

/// What fills a dataset, in order.
#[derive(Debug, Clone)]
pub enum Seed {
    /// SQL text from the problem (trusted: the author's).
    Sql(String),
    /// A CSV file for one table: a header row of column names, `\N` unquoted is NULL.
    Csv {
        table: String,
        file: std::path::PathBuf,
    },
}

/// A dataset built once: the serialised main database, and one per schema its SQL creates
/// (`CREATE SCHEMA cd;`), attached under that name on every copy.
#[derive(Debug, Clone, Default)]
pub struct Image {
    pub main: Vec<u8>,
    pub schemas: Vec<(String, Vec<u8>)>,
}

/// Builds a dataset: the schema, then the seeds, serialised into an image. SQL text may be a
/// PostgreSQL dump (see `dump`): each schema it creates is an attached in-memory database,
/// COPY blocks become INSERTs, pg_dump's settings are skipped.
pub fn build_image(schema: &str, seeds: &[Seed], foreign_keys: bool) -> Result<Image, String> {
    let c = Connection::open_in_memory().map_err(|e| format!("cannot open SQLite: {e}"))?;
    c.pragma_update(None, "foreign_keys", foreign_keys)
        .map_err(|e| format!("cannot set foreign_keys: {e}"))?;
    let mut scripts = vec![(
        "the schema",
        split(schema).map_err(|e| format!("the schema: {e}"))?,
    )];
    for s in seeds {
        if let Seed::Sql(sql) = s {
            scripts.push((
                "the seed SQL",
                split(sql).map_err(|e| format!("the seed SQL: {e}"))?,
            ));
        }
    }
    let schemas = attach_schemas(&c, scripts.iter().flat_map(|(_, p)| p))?;
    let mut scripts = scripts.into_iter();
    let (what, pieces) = scripts.next().unwrap_or_default();
    run_script(&c, what, &pieces)?;
    for s in seeds {
        match s {
            Seed::Sql(_) => {
                let (what, pieces) = scripts.next().unwrap_or_default();
                run_script(&c, what, &pieces)?;
            }
            Seed::Csv { table, file } => load_csv(&c, table, file)?,
        }
    }
    let data = c
        .serialize(MAIN_DB)
        .map_err(|e| format!("cannot serialise the dataset: {e}"))?;
    let mut image = Image {
        main: data.to_vec(),
        schemas: Vec::new(),
    };
    for name in schemas {
        let data = c
            .serialize(name.as_str())
            .map_err(|e| format!("cannot serialise schema `{name}`: {e}"))?;
        image.schemas.push((name, data.to_vec()));
    }
    Ok(image)
}

/// Attaches an empty in-memory database for each schema the scripts create; their names.
fn attach_schemas<'a>(
    c: &Connection,
    pieces: impl Iterator<Item = &'a Piece>,
) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for p in pieces {
        if let Piece::Sql(s) = p
            && let Some(n) = created_schema(s)
            && !names.contains(&n)
        {
            if matches!(n.as_str(), "main" | "temp") {
                return Err(format!("`CREATE SCHEMA {n}`: SQLite reserves that name"));
            }
            names.push(n);
        }
    }
    for n in &names {
        c.execute_batch(&format!("ATTACH ':memory:' AS {}", quote_ident(n)))
            .map_err(|e| format!("cannot attach schema `{n}`: {e}"))?;
    }
    Ok(names)
}

/// Runs a split script on SQLite: statements as [`for_sqlite`] gives them, COPY blocks as
/// INSERTs. `what` names the script in errors.
fn run_script(c: &Connection, what: &str, pieces: &[Piece]) -> Result<(), String> {
    // The schema an older dump's `SET search_path = cd, …` makes current: unqualified tables
    // it creates belong there (SQLite would put them in `main`).
    let mut current: Option<String> = None;
    for p in pieces {
        match p {
            Piece::Sql(s) => {
                if let Some(path) = search_path(s) {
                    current = path;
                    continue;
                }
                let s = match &current {
                    Some(schema) => std::borrow::Cow::Owned(qualify(s, schema)),
                    None => std::borrow::Cow::Borrowed(s.as_str()),
                };
                if let Some(s) = for_sqlite(&s) {
                    c.execute_batch(&s)
                        .map_err(|e| format!("{what} fails: {e}"))?;
                }
            }
            Piece::Copy(block) => load_copy(c, block).map_err(|e| format!("{what}: {e}"))?,
        }
    }
    Ok(())
}

/// Inserts the rows of a COPY block (each value as text: the column's affinity converts it).
fn load_copy(c: &Connection, block: &CopyBlock) -> Result<(), String> {
    let rows = copy_rows(block)?;
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let sql = insert_sql(&block.table, &block.columns, width, quote_ident, |_| {
        "?".into()
    });
    let mut stmt = c
        .prepare(&sql)
        .map_err(|e| format!("`{}`: {e}", block.statement))?;
    for (i, r) in rows.iter().enumerate() {
        stmt.execute(rusqlite::params_from_iter(r.iter()))
            .map_err(|e| format!("line {} of the COPY data: {e}", block.line + i))?;
    }
    Ok(())
}

/// A table name, `schema.table` when it has a dot, quoted part by part.
fn quote_name(s: &str) -> String {
    quote_name_with(s, quote_ident)
}

/// A table name, `schema.table` when it has a dot, each part quoted by `quote` (an engine's).
pub fn quote_name_with(s: &str, quote: fn(&str) -> String) -> String {
    s.split('.').map(quote).collect::<Vec<_>>().join(".")
}

/// `INSERT INTO table (columns) VALUES (…)` for `width` values, in an engine's dialect:
/// `quote` quotes an identifier, `placeholder` writes parameter `i` (from 1); without a column
/// list when `columns` is empty.
pub fn insert_sql(
    table: &str,
    columns: &[String],
    width: usize,
    quote: fn(&str) -> String,
    placeholder: impl Fn(usize) -> String,
) -> String {
    let columns = if columns.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = columns.iter().map(|n| quote(n)).collect();
        format!(" ({})", names.join(", "))
    };
    let values: Vec<String> = (1..=width).map(placeholder).collect();
    format!(
        "INSERT INTO {}{columns} VALUES ({})",
        quote_name_with(table, quote),
        values.join(", ")
    )
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Parses CSV text (RFC 4180 quoting); an unquoted `\N` field is `None` (NULL).
pub fn parse_csv(text: &str) -> Result<Vec<Vec<Option<String>>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<Option<String>> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let end_field = |field: &mut String, was_quoted: &mut bool, row: &mut Vec<Option<String>>| {
        let f = std::mem::take(field);
        row.push(if !*was_quoted && f == "\\N" {
            None
        } else {
            Some(f)
        });
        *was_quoted = false;
    };
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(ch);
                }
                _ => field.push(ch),
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() => {
                quoted = true;
                was_quoted = true;
            }
            ',' => end_field(&mut field, &mut was_quoted, &mut row),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_field(&mut field, &mut was_quoted, &mut row);
                rows.push(std::mem::take(&mut row));
                line += 1;
            }
            _ => field.push(ch),
        }
    }
    if quoted {
        return Err(format!("line {line}: a quoted field is not closed"));
    }
    if !field.is_empty() || was_quoted || !row.is_empty() {
        end_field(&mut field, &mut was_quoted, &mut row);
        rows.push(row);
    }
    Ok(rows)
}

/// A CSV file ready to load: the INSERT statement and the data rows (`None` is NULL).
pub struct CsvInsert {
    pub sql: String,
    /// Each as wide as the header; row `i` is on line `i + 2` of the file.
    pub rows: Vec<Vec<Option<String>>>,
}

/// Reads a CSV file for loading into `table`, in an engine's dialect: `quote` quotes an
/// identifier, `placeholder` writes parameter `i` (from 1). Errors name the file and, for a
/// row, its line.
pub fn csv_insert(
    table: &str,
    file: &Path,
    quote: fn(&str) -> String,
    placeholder: impl Fn(usize) -> String,
) -> Result<CsvInsert, String> {
    let shown = file.display();
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("cannot read CSV `{shown}`: {e}"))?;
    let mut rows = parse_csv(&text).map_err(|e| format!("{shown}: {e}"))?;
    if rows.is_empty() {
        return Err(format!("{shown}: empty CSV (it needs a header row)"));
    }
    let header = rows.remove(0);
    let names: Vec<String> = header
        .iter()
        .map(|h| h.as_deref().unwrap_or("").trim().to_string())
        .collect();
    if let Some((i, r)) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() != names.len())
    {
        return Err(format!(
            "{shown}:{}: {} field(s), the header has {}",
            i + 2,
            r.len(),
            names.len()
        ));
    }
    let sql = insert_sql(table, &names, names.len(), quote, placeholder);
    Ok(CsvInsert { sql, rows })
}

fn load_csv(c: &Connection, table: &str, file: &Path) -> Result<(), String> {
    let shown = file.display();
    let CsvInsert { sql, rows } = csv_insert(table, file, quote_ident, |_| "?".into())?;
    let mut stmt = c
        .prepare(&sql)
        .map_err(|e| format!("{shown}: cannot load into `{table}`: {e}"))?;
    for (i, r) in rows.iter().enumerate() {
        stmt.execute(rusqlite::params_from_iter(r.iter()))
            .map_err(|e| format!("{shown}:{}: {e}", i + 2))?;
    }
    Ok(())
}

/// The tables of an image and their rows (for showing a visible dataset), at most `max` rows each.
pub fn dump(image: &Image, max: usize) -> Result<Vec<(String, ResultSet, usize)>, String> {
    let c = open(image).map_err(|e| e.to_string())?;
    let mut names: Vec<String> = Vec::new();
    for db in std::iter::once("main").chain(image.schemas.iter().map(|(n, _)| n.as_str())) {
        let tables: Vec<String> = c
            .prepare(&format!("SELECT name FROM {}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid", quote_ident(db)))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| e.to_string())?;
        names.extend(
            tables
                .into_iter()
                .map(|t| if db == "main" { t } else { format!("{db}.{t}") }),
        );
    }
    let mut out = Vec::new();
    for name in names.drain(..) {
        let q = quote_name(&name);
        let count: i64 = c
            .query_row(&format!("SELECT count(*) FROM {q}"), [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        let mut stmt = c
            .prepare(&format!("SELECT * FROM {q} LIMIT {max}"))
            .map_err(|e| e.to_string())?;
        let rs = collect(&mut stmt, u64::MAX)
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        out.push((name, rs, count.max(0) as usize));
    }
    Ok(out)
}

/// A fresh connection on a read-only copy of `image`, configured for untrusted SQL (but for the
/// authorizer, which `arm` adds).
fn open(image: &Image) -> rusqlite::Result<Connection> {
    open_copy(image, false)
}

/// Like `open`; a `writable` copy takes writes (DML answers), which never reach the image.
fn open_copy(image: &Image, writable: bool) -> rusqlite::Result<Connection> {
    let mut c = Connection::open_in_memory()?;
    c.deserialize_read_exact(MAIN_DB, &image.main[..], image.main.len(), !writable)?;
    // The dataset's schemas, attached before ATTACH is disabled (and refused to the answer).
    for (name, data) in &image.schemas {
        c.execute_batch(&format!("ATTACH ':memory:' AS {}", quote_ident(name)))?;
        c.deserialize_read_exact(name.as_str(), &data[..], data.len(), !writable)?;
    }
    // Sorts and temporary b-trees stay in memory (bounded by the heap limit), never in /tmp.
    c.pragma_update(None, "temp_store", "MEMORY")?;
    for (k, v) in [
        (DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true),
        (DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false),
        (DbConfig::SQLITE_DBCONFIG_DQS_DML, false),
        (DbConfig::SQLITE_DBCONFIG_DQS_DDL, false),
        (DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_CREATE, false),
        (DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_WRITE, false),
    ] {
        c.set_db_config(k, v)?;
    }
    c.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    c.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_LENGTH)?;
    c.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH)?;
    c.set_limit(Limit::SQLITE_LIMIT_COLUMN, 200)?;
    Ok(c)
}

/// What the authorizer refused last, in words (for the error message).
type Denied = Arc<Mutex<Option<String>>>;

fn describe(action: &AuthAction) -> String {
    match action {
        AuthAction::Read { table_name, .. } => format!("reading `{table_name}`"),
        AuthAction::Function { function_name } => format!("the function {function_name}()"),
        AuthAction::Pragma { pragma_name, .. } => format!("PRAGMA {pragma_name}"),
        AuthAction::Attach { .. } => "ATTACH (or VACUUM INTO)".into(),
        AuthAction::Detach { .. } => "DETACH".into(),
        AuthAction::Insert { table_name }
        | AuthAction::Update { table_name, .. }
        | AuthAction::Delete { table_name }
            if table_name.starts_with("sqlite_") =>
        {
            "changing the schema (CREATE, DROP, ALTER)".into()
        }
        AuthAction::Insert { table_name } => format!("INSERT into `{table_name}`"),
        AuthAction::Update { table_name, .. } => format!("UPDATE of `{table_name}`"),
        AuthAction::Delete { table_name } => format!("DELETE from `{table_name}`"),
        AuthAction::DropTable { table_name } | AuthAction::DropTempTable { table_name } => {
            format!("DROP TABLE `{table_name}`")
        }
        AuthAction::CreateTable { table_name } | AuthAction::CreateTempTable { table_name } => {
            format!("CREATE TABLE `{table_name}`")
        }
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => {
            "transactions (BEGIN, COMMIT, SAVEPOINT)".into()
        }
        other => {
            let debug = format!("{other:?}");
            debug
                .split([' ', '{', '('])
                .next()
                .unwrap_or("that statement")
                .to_string()
        }
    }
}

/// The allow-list: SELECT, reads of the dataset's own tables, recursive CTEs, and functions but
/// the denied ones. Everything else (writes, DDL, PRAGMA, ATTACH, transactions, the schema
/// tables) is refused at prepare time, or at step time for table-valued pragmas.
/// `databases`: the dataset's, `main` and its schemas (attached before the authorizer; an
/// answer cannot attach one).
fn arm(
    c: &Connection,
    denied: &Denied,
    writes: Option<&Writes>,
    databases: &[String],
) -> rusqlite::Result<()> {
    let denied = Arc::clone(denied);
    let writes = writes.cloned();
    let databases = databases.to_vec();
    c.authorizer(Some(move |ctx: AuthContext<'_>| {
        let db = ctx.database_name.unwrap_or("main");
        let may = |kind: &str, table: &str| {
            writes.as_ref().is_some_and(|w| {
                w.allow
                    .iter()
                    .any(|a| a == kind || (kind == "DELETE" && a == "TRUNCATE"))
                    && w.tables.iter().any(|t| match t.split_once('.') {
                        Some((s, t)) => s.eq_ignore_ascii_case(db) && t.eq_ignore_ascii_case(table),
                        None => db == "main" && t.eq_ignore_ascii_case(table),
                    })
            })
        };
        let ok = match &ctx.action {
            AuthAction::Select | AuthAction::Recursive => true,
            AuthAction::Insert { table_name } => may("INSERT", table_name),
            AuthAction::Update { table_name, .. } => may("UPDATE", table_name),
            AuthAction::Delete { table_name } => may("DELETE", table_name),
            AuthAction::Read { table_name, .. } => {
                !table_name.to_ascii_lowercase().starts_with("sqlite_")
                    && databases.iter().any(|d| d == db)
            }
            AuthAction::Function { function_name } => !DENIED_FUNCTIONS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(function_name)),
            _ => false,
        };
        if ok {
            Authorization::Allow
        } else {
            // The first refusal is the one to explain.
            if let Ok(mut d) = denied.lock()
                && d.is_none()
            {
                *d = Some(describe(&ctx.action));
            }
            Authorization::Deny
        }
    }))
}

/// The writes a DML answer may make: statement kinds (upper-case) on tables.
#[derive(Debug, Clone)]
pub struct Writes {
    pub allow: Vec<String>,
    pub tables: Vec<String>,
}

impl Writes {
    fn describe(&self) -> String {
        format!(
            "this problem allows only {} on {}",
            self.allow.join(", "),
            self.tables
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// A named parameter's value.
pub type Param = (String, rusqlite::types::Value);

/// What a query did before it was stopped: the evidence of its TLE or MLE.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Work {
    /// From the start of the query to its end.
    pub elapsed: Duration,
    /// SQLite: the VM steps the statement executed.
    pub steps: Option<u64>,
    /// PostgreSQL: the backend's CPU time over the query (`/proc/PID/stat`).
    pub cpu: Option<Duration>,
    /// PostgreSQL: the backend's peak resident memory (`VmHWM` of `/proc/PID/status`).
    pub peak: Option<u64>,
    /// PostgreSQL: the bytes of the temporary files the query wrote (work_mem spills, as
    /// `log_temp_files` reports them).
    pub temp: Option<u64>,
}

impl Work {
    /// The memory the query held: PostgreSQL's backend peak plus its temporary files (a spill
    /// is memory PostgreSQL moved to disk); `None` where not measured (SQLite's heap is
    /// measured by the caller).
    pub fn memory(&self) -> Option<u64> {
        match (self.peak, self.temp) {
            (None, None) => None,
            (p, t) => Some(p.unwrap_or(0) + t.unwrap_or(0)),
        }
    }
}

/// Why a query did not produce a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Stopped for time (a TLE): by which limit, and what the query did.
    Time(TimeLimit, Work),
    /// More rows than allowed.
    Rows(u64),
    /// The hard heap limit was reached (PostgreSQL: a resource limit, with the server's
    /// message): what the query did.
    Memory(Work, Option<String>),
    /// An SQL error: the engine's message (with what the authorizer refused, if anything).
    Error(String),
}

/// The limit that stopped a query for time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeLimit {
    /// The deterministic budget ran out (SQLite VM steps counted by the progress handler): the
    /// budget.
    Steps(u64),
    /// The wall-clock safety net fired (PostgreSQL: statement_timeout).
    Wall,
}

/// The limits of one query.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub max_steps: u64,
    pub wall: Duration,
    pub max_rows: u64,
}

/// A finished query.
#[derive(Debug, Clone)]
pub struct Ran {
    pub result: ResultSet,
    /// VM steps, from the statement's counter.
    pub steps: u64,
    /// Full-scan steps (SQLite's FULLSCAN_STEP counter).
    pub fullscan: u64,
    /// Sort operations (SORT).
    pub sorts: u64,
    pub elapsed: Duration,
}

/// Why `prepare` refused a query (the statement never ran).
pub fn prepare_error(e: &rusqlite::Error, denied: &Denied, writes: Option<&Writes>) -> String {
    let refused = denied.lock().ok().and_then(|d| d.clone());
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        rusqlite::Error::SqlInputError { error, .. } => Some(error.code),
        _ => None,
    };
    // A refused function comes back as a plain error "not authorized to use function: f".
    let refused_function = e.to_string().contains("not authorized");
    if let (true, Some(what)) = (
        code == Some(ErrorCode::AuthorizationForStatementDenied) || refused_function,
        &refused,
    ) {
        let why = if what.starts_with("the function") {
            "random and extension-loading functions are not available to answers".to_string()
        } else if let Some(w) = writes {
            w.describe()
        } else {
            "only a read-only query may run: SELECT, WITH or VALUES".to_string()
        };
        return format!("not allowed: {what} ({why})");
    }
    match e {
        rusqlite::Error::MultipleStatement => {
            "only one statement is allowed: remove everything after the first `;`".into()
        }
        rusqlite::Error::SqlInputError {
            msg, sql, offset, ..
        } => {
            let at = (*offset).max(0) as usize;
            let before = sql.get(..at.min(sql.len())).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("{msg} (line {line}, column {col})")
        }
        rusqlite::Error::SqliteFailure(f, msg) => {
            let msg = msg.clone().unwrap_or_else(|| f.to_string());
            if f.code == ErrorCode::TooBig {
                format!("{msg} (an answer is at most {MAX_SQL_LENGTH} bytes of SQL)")
            } else {
                msg
            }
        }
        other => other.to_string(),
    }
}

/// A query checked and ready to run on one dataset.
pub struct Session {
    conn: Connection,
    denied: Denied,
    /// Set when the authorizer is installed (untrusted SQL).
    armed: Option<Denied>,
    /// Set on a writable copy (a DML problem): the writes allowed.
    writes: Option<Writes>,
    /// The dataset's databases: `main` and its schemas.
    databases: Vec<String>,
}

impl Session {
    /// A fresh sandboxed connection on `image`; `untrusted` adds the authorizer.
    pub fn new(image: &Image, untrusted: bool) -> Result<Session, String> {
        Session::with_order(image, untrusted, false)
    }

    /// Like `new`; `reversed` makes SQLite return the rows of unordered scans in reverse
    /// (`PRAGMA reverse_unordered_selects`), to catch results that depend on scan order.
    pub fn with_order(image: &Image, untrusted: bool, reversed: bool) -> Result<Session, String> {
        Session::open_with(image, untrusted, reversed, None)
    }

    /// A session on a writable copy of `image`, for a DML statement making `writes`.
    pub fn writable(image: &Image, untrusted: bool, writes: &Writes) -> Result<Session, String> {
        Session::open_with(image, untrusted, false, Some(writes))
    }

    fn open_with(
        image: &Image,
        untrusted: bool,
        reversed: bool,
        writes: Option<&Writes>,
    ) -> Result<Session, String> {
        let denied: Denied = Arc::new(Mutex::new(None));
        let conn = open_copy(image, writes.is_some())
            .map_err(|e| format!("cannot open the dataset: {e}"))?;
        if reversed {
            conn.pragma_update(None, "reverse_unordered_selects", true)
                .map_err(|e| format!("cannot reverse unordered selects: {e}"))?;
        }
        let databases: Vec<String> = std::iter::once("main")
            .chain(image.schemas.iter().map(|(n, _)| n.as_str()))
            .map(str::to_string)
            .collect();
        let armed = if untrusted {
            arm(&conn, &denied, writes, &databases)
                .map_err(|e| format!("cannot install the authorizer: {e}"))?;
            Some(Arc::clone(&denied))
        } else {
            None
        };
        Ok(Session {
            conn,
            denied,
            armed,
            writes: writes.cloned(),
            databases,
        })
    }

    /// Removes the authorizer: what runs next is the problem's own SQL (a DML check query).
    pub fn disarm(&mut self) {
        let _ = self
            .conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        self.armed = None;
        self.writes = None;
    }

    /// The named parameters `sql` uses (without their `:`, `@` or `$`); `Err` for a positional
    /// one (`?`, `?1`). The statement is only prepared.
    pub fn placeholders(&self, sql: &str) -> Result<Vec<String>, String> {
        let sql = &*self.text(sql);
        let stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| prepare_error(&e, &self.denied, self.writes.as_ref()))?;
        let mut names = Vec::new();
        for i in 1..=stmt.parameter_count() {
            match stmt.parameter_name(i) {
                Some(n) if n.starts_with([':', '@', '$']) => names.push(n[1..].to_string()),
                _ => {
                    return Err(
                        "positional parameters (`?`) are not used here: write `:name`".into(),
                    );
                }
            }
        }
        Ok(names)
    }

    /// The lines of `EXPLAIN QUERY PLAN` for `sql`, indented two spaces per level.
    pub fn plan(&self, sql: &str, params: &[Param]) -> Result<Vec<String>, String> {
        let text = format!("EXPLAIN QUERY PLAN {sql}");
        let mut stmt = self
            .conn
            .prepare(&text)
            .map_err(|e| prepare_error(&e, &self.denied, self.writes.as_ref()))?;
        bind(&mut stmt, params)?;
        let mut depth: Vec<(i64, usize)> = Vec::new();
        let mut lines = Vec::new();
        let mut q = stmt.raw_query();
        while let Some(row) = q.next().map_err(|e| e.to_string())? {
            let id: i64 = row.get(0).map_err(|e| e.to_string())?;
            let parent: i64 = row.get(1).map_err(|e| e.to_string())?;
            let detail: String = row.get(3).map_err(|e| e.to_string())?;
            let level = depth
                .iter()
                .find(|(i, _)| *i == parent)
                .map_or(0, |(_, l)| l + 1);
            depth.push((id, level));
            lines.push(format!("{}{detail}", "  ".repeat(level)));
        }
        Ok(lines)
    }

    /// The dataset's tables and views, and their columns' names: what a misspelt name in an
    /// answer is matched against.
    pub fn names(&self) -> (Vec<String>, Vec<String>) {
        let strings = |sql: &str| -> Vec<String> {
            let Ok(mut stmt) = self.conn.prepare(sql) else {
                return Vec::new();
            };
            stmt.query_map([], |row| row.get::<_, String>(0))
                .map(|rows| rows.flatten().collect())
                .unwrap_or_default()
        };
        // The tables of `main` and of every schema the dataset attached.
        let (mut tables, mut columns) = (Vec::new(), Vec::new());
        for db in &self.databases {
            let q = quote_ident(db);
            let lit = db.replace('\'', "''");
            tables.extend(strings(&format!(
                "SELECT name FROM {q}.sqlite_schema \
                 WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )));
            columns.extend(strings(&format!(
                "SELECT DISTINCT p.name FROM {q}.sqlite_schema s, pragma_table_info(s.name, '{lit}') p \
                 WHERE s.type IN ('table', 'view') AND s.name NOT LIKE 'sqlite_%'"
            )));
        }
        (tables, columns)
    }

    /// `sql` as this session runs it: a `TRUNCATE` the problem allows as the `DELETE` SQLite
    /// has instead.
    fn text<'a>(&self, sql: &'a str) -> std::borrow::Cow<'a, str> {
        let truncates = self
            .writes
            .as_ref()
            .is_some_and(|w| w.allow.iter().any(|a| a == "TRUNCATE"));
        match truncate_as_delete(sql).filter(|_| truncates) {
            Some(delete) => delete.into(),
            None => sql.into(),
        }
    }

    /// Prepares `sql` without running it: exactly one statement, a query that returns columns.
    /// `Err` is the reason, in words.
    pub fn check(&self, sql: &str) -> Result<(), String> {
        if let Ok(mut d) = self.denied.lock() {
            *d = None;
        }
        // A TRUNCATE runs as a DELETE here (the authorizer lets DELETE through for it); a DELETE
        // the problem does not allow is refused.
        if let Some(w) = &self.writes
            && self.armed.is_some()
            && !w.allow.iter().any(|a| a == "DELETE")
            && w.allow.iter().any(|a| a == "TRUNCATE")
            && super::pg::first_keyword(sql) == "DELETE"
        {
            return Err(format!("not allowed: DELETE ({})", w.describe()));
        }
        let sql = &*self.text(sql);
        let stmt = match self.conn.prepare(sql) {
            Ok(s) => s,
            Err(e) => {
                // rusqlite prepares what follows the first statement to see whether it is more
                // SQL, so a second statement may be refused by the authorizer first: tell the
                // real reason. Preparing runs nothing, so it is safe without the authorizer.
                if let Some(armed) = &self.armed {
                    let _ = self
                        .conn
                        .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
                    let multiple = matches!(
                        self.conn.prepare(sql),
                        Err(rusqlite::Error::MultipleStatement)
                    );
                    let _ = arm(&self.conn, armed, self.writes.as_ref(), &self.databases);
                    if multiple {
                        return Err(prepare_error(
                            &rusqlite::Error::MultipleStatement,
                            &self.denied,
                            self.writes.as_ref(),
                        ));
                    }
                }
                return Err(prepare_error(&e, &self.denied, self.writes.as_ref()));
            }
        };
        if let Some(w) = &self.writes {
            if stmt.readonly() {
                return Err(format!(
                    "not a write: the answer must be one {} statement ({})",
                    w.allow.join(" or "),
                    w.describe()
                ));
            }
        } else if stmt.column_count() == 0 || !stmt.readonly() {
            return Err(
                "not a query: the answer must be one SELECT (or WITH … SELECT, or VALUES) that returns rows".into(),
            );
        }
        if stmt.is_explain() != 0 {
            return Err("EXPLAIN is not an answer: write the query itself".into());
        }
        Ok(())
    }

    /// Runs `sql` under `budget`, without parameters.
    #[cfg(test)]
    pub fn run(&self, sql: &str, budget: Budget) -> Result<Ran, Failure> {
        self.run_with(sql, budget, &[])
    }

    /// Runs `sql` under `budget`, binding `params` by name.
    pub fn run_with(&self, sql: &str, budget: Budget, params: &[Param]) -> Result<Ran, Failure> {
        self.check(sql).map_err(Failure::Error)?;
        let sql = &*self.text(sql);
        let started = Instant::now();
        // Why the progress handler stopped the query: 1 = steps, 2 = wall.
        let reason = Arc::new(AtomicU8::new(0));
        let ticks = Arc::new(AtomicU64::new(0));
        {
            let (reason, ticks) = (Arc::clone(&reason), Arc::clone(&ticks));
            let (max_steps, wall) = (budget.max_steps, budget.wall);
            self.conn
                .progress_handler(
                    STEP_GRAIN as i32,
                    Some(move || {
                        let steps = (ticks.fetch_add(1, Ordering::Relaxed) + 1) * STEP_GRAIN;
                        if steps > max_steps {
                            reason.store(1, Ordering::Relaxed);
                            true
                        } else if started.elapsed() >= wall {
                            reason.store(2, Ordering::Relaxed);
                            true
                        } else {
                            false
                        }
                    }),
                )
                .map_err(|e| Failure::Error(e.to_string()))?;
        }
        // The safety net for a single long VM instruction: a watchdog interrupts at the wall
        // limit plus a margin.
        let handle = self.conn.get_interrupt_handle();
        let (stop, stopped) = mpsc::channel::<()>();
        let wall = budget.wall + budget.wall / 2;
        let outcome = std::thread::scope(|scope| {
            // Without a watchdog thread (none could be started) the progress handler's clock
            // check still stops the query; only a single long instruction could run on.
            let _ = std::thread::Builder::new()
                .name("sql-watchdog".into())
                .spawn_scoped(scope, move || {
                    if stopped.recv_timeout(wall) == Err(mpsc::RecvTimeoutError::Timeout) {
                        handle.interrupt();
                    }
                });
            let outcome = self.step(sql, params, budget.max_rows);
            let _ = stop.send(());
            outcome
        });
        let _ = self.conn.progress_handler(0, None::<fn() -> bool>);
        let elapsed = started.elapsed();
        let (outcome, counters) = outcome;
        // The statement's own count, else the progress handler's (to a grain).
        let work = Work {
            elapsed,
            steps: Some(
                counters
                    .steps
                    .max(ticks.load(Ordering::Relaxed) * STEP_GRAIN),
            ),
            ..Work::default()
        };
        match outcome.map(|rs| (rs, counters)) {
            Ok((Some(result), c)) => Ok(Ran {
                result,
                steps: c.steps,
                fullscan: c.fullscan,
                sorts: c.sorts,
                elapsed,
            }),
            Ok((None, _)) => Err(Failure::Rows(budget.max_rows)),
            Err(Stop::Bind(m)) => Err(Failure::Error(m)),
            Err(Stop::Sql(rusqlite::Error::SqliteFailure(f, msg))) => Err(match f.code {
                ErrorCode::OperationInterrupted => match reason.load(Ordering::Relaxed) {
                    1 => Failure::Time(TimeLimit::Steps(budget.max_steps), work),
                    _ => Failure::Time(TimeLimit::Wall, work),
                },
                ErrorCode::OutOfMemory => Failure::Memory(work, None),
                ErrorCode::AuthorizationForStatementDenied | ErrorCode::PermissionDenied => {
                    let refused = self.denied.lock().ok().and_then(|d| d.clone());
                    Failure::Error(match refused {
                        Some(what) => format!("not allowed: {what}"),
                        None => msg.unwrap_or_else(|| f.to_string()),
                    })
                }
                _ => Failure::Error(msg.unwrap_or_else(|| f.to_string())),
            }),
            Err(Stop::Sql(e)) => Err(Failure::Error(e.to_string())),
        }
    }
}

impl Session {
    /// Prepares, binds and steps `sql` to the end (at most `max_rows` rows): the rows, and the
    /// statement's counters whether it finished or was stopped.
    fn step(
        &self,
        sql: &str,
        params: &[Param],
        max_rows: u64,
    ) -> (Result<Option<ResultSet>, Stop>, Counters) {
        let mut stmt = match self.conn.prepare(sql) {
            Ok(s) => s,
            Err(e) => return (Err(Stop::Sql(e)), Counters::default()),
        };
        let rs = bind(&mut stmt, params)
            .map_err(Stop::Bind)
            .and_then(|()| collect(&mut stmt, max_rows).map_err(Stop::Sql));
        // The counters survive the reset that ends the run, stopped or not.
        let status = |k| stmt.get_status(k).max(0) as u64;
        let counters = Counters {
            steps: status(rusqlite::StatementStatus::VmStep),
            fullscan: status(rusqlite::StatementStatus::FullscanStep),
            sorts: status(rusqlite::StatementStatus::Sort),
        };
        (rs, counters)
    }
}

/// A statement's counters after its run.
#[derive(Default)]
struct Counters {
    steps: u64,
    fullscan: u64,
    sorts: u64,
}

/// Why a run stopped before the end, before it is put in terms of [`Failure`].
enum Stop {
    Sql(rusqlite::Error),
    Bind(String),
}

/// Binds `params` to `stmt` by name; a parameter of the statement without a value is an error.
fn bind(stmt: &mut rusqlite::Statement, params: &[Param]) -> Result<(), String> {
    for i in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(i).map(str::to_string) else {
            return Err("positional parameters (`?`) are not used here: write `:name`".into());
        };
        let bare = name.trim_start_matches([':', '@', '$', '?']);
        let Some((_, v)) = params.iter().find(|(n, _)| n == bare) else {
            let known = if params.is_empty() {
                "no parameters here".to_string()
            } else {
                params
                    .iter()
                    .map(|(n, _)| format!(":{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(format!("unknown parameter {name} (known: {known})"));
        };
        stmt.raw_bind_parameter(i, v).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Steps `stmt` to the end, collecting rows; `None` when there are more than `max_rows`.
fn collect(stmt: &mut rusqlite::Statement, max_rows: u64) -> rusqlite::Result<Option<ResultSet>> {
    let columns: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let mut q = stmt.raw_query();
    while let Some(row) = q.next()? {
        if rows.len() as u64 >= max_rows {
            return Ok(None);
        }
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            cells.push(match row.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Int(v),
                ValueRef::Real(v) => Cell::Real(v),
                ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
            });
        }
        rows.push(cells);
    }
    Ok(Some(ResultSet { columns, rows }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str =
        "CREATE TABLE Departments (id INTEGER PRIMARY KEY, dept_name TEXT NOT NULL);
        CREATE TABLE Employees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, dept_id INTEGER);";
    const SEED: &str = "INSERT INTO Departments VALUES (1,'Eng'),(2,'Sales');
        INSERT INTO Employees VALUES (1,'Alice',1),(2,'Bob',2),(3,'Carol',NULL);";

    fn budget() -> Budget {
        Budget {
            max_steps: 5_000_000,
            wall: Duration::from_secs(2),
            max_rows: 1000,
        }
    }

    fn session() -> Session {
        let image = build_image(SCHEMA, &[Seed::Sql(SEED.into())], false).unwrap();
        Session::new(&image, true).unwrap()
    }

    #[test]
    fn math_functions_are_compiled_in() {
        let s = session();
        let r = s.run(
            "SELECT sqrt(4.0), floor(2.7), mod(7, 3), power(2, 10)",
            budget(),
        );
        let rows = r.unwrap().result.rows;
        assert_eq!(
            rows[0],
            vec![
                Cell::Real(2.0),
                Cell::Real(2.0),
                Cell::Real(1.0),
                Cell::Real(1024.0)
            ]
        );
    }

    #[test]
    fn runs_a_join_and_counts_steps() {
        let s = session();
        let r = s
            .run(
                "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d ON e.dept_id = d.id ORDER BY e.id",
                budget(),
            )
            .unwrap();
        assert_eq!(r.result.columns, ["name", "dept_name"]);
        assert_eq!(
            r.result.rows[2],
            vec![Cell::Text("Carol".into()), Cell::Null]
        );
        assert!(r.steps > 0);
    }

    #[test]
    fn csv_with_null_marker_and_quotes() {
        let rows = parse_csv("id,name,dept_id\n1,\"Smith, J\",\\N\n2,\"\\N\",\"3\"\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1][1].as_deref(), Some("Smith, J"));
        assert_eq!(rows[1][2], None);
        assert_eq!(rows[2][1].as_deref(), Some("\\N"));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("e.csv");
        std::fs::write(&f, "id,name,dept_id\n1,Ann,\\N\n2,Ben,1\n").unwrap();
        let image = build_image(
            SCHEMA,
            &[Seed::Csv {
                table: "Employees".into(),
                file: f,
            }],
            false,
        )
        .unwrap();
        let s = Session::new(&image, true).unwrap();
        let r = s
            .run(
                "SELECT dept_id, typeof(id) FROM Employees ORDER BY id",
                budget(),
            )
            .unwrap();
        assert_eq!(
            r.result.rows[0],
            vec![Cell::Null, Cell::Text("integer".into())]
        );
    }
}
