//! PostgreSQL as a second engine: one throwaway cluster per grader run, started lazily the first
//! time a problem needs it and stopped (immediate shutdown) and removed at exit, Ctrl-C included
//! (the sandbox registry stops the postmaster and removes the folder).
//!
//! The cluster (research `sql-grading.md` §3.3, §5.3): `initdb -A trust --no-sync --locale=C`,
//! as the `postgres` system user when the grader runs as root; no TCP listener
//! (`listen_addresses = ''`), a unix socket in a private 0700 folder, fsync off. One database
//! per dataset (kept for the problem being graded, dropped when the next problem starts),
//! seeded by the owner. The reference runs as the owner; the answer as `candidate`, a LOGIN role
//! that is not a superuser, may connect only to dataset databases, read their tables (and write
//! the tables `[sql.dml]` names, through GRANTs), cannot call `set_config`, and runs with
//! `default_transaction_read_only`, `temp_file_limit` and a per-query `statement_timeout`. The
//! answer is sent with the extended protocol (`prepare`), so it is one statement; it runs in a
//! transaction that is always rolled back, and at most `max_rows + 1` rows are fetched.
//!
//! Results are read in PostgreSQL's binary format into the same [`Cell`]s SQLite gives
//! (integers, floats, NUMERIC and MONEY as a number, dates and timestamps as ISO text, an
//! interval as its justified text (`values`), booleans as 0/1), so both engines compare under
//! the same rules.

use super::db::{Budget, Failure, Param, Seed, TimeLimit, Work};
use super::evidence::{Backend, TempFiles};
use super::table::{Cell, ResultSet};
use crate::sandbox::{self, HostUser};
use postgres::types::{Format, FromSql, IsNull, ToSql, Type};
use postgres::{Client, Config, NoTls};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The role that owns the cluster (superuser) and the one answers run as.
const OWNER: &str = "grader";
const CANDIDATE: &str = "candidate";

/// The cluster of this run, started on first use.
static CLUSTER: Mutex<State> = Mutex::new(State::NotStarted);

enum State {
    NotStarted,
    Running(Box<Cluster>),
    /// PostgreSQL is not installed (or cannot start): why, said once.
    Unavailable(String),
}

/// A running throwaway cluster.
struct Cluster {
    /// The private folder: `data/`, the socket and the server log.
    dir: PathBuf,
    data: PathBuf,
    bindir: PathBuf,
    user: HostUser,
    /// The postmaster's pid (reaped after the stop).
    pid: i32,
    version: String,
    /// How long initdb + start + the role set-up took.
    started_in: Duration,
    /// Databases of the problem being graded: (problem folder, dataset index) → name.
    databases: HashMap<(PathBuf, usize), String>,
    next: u32,
}

/// Where PostgreSQL's server programs are: `$GRADER_PG_BINDIR`, else `pg_config --bindir`,
/// else the newest `/usr/lib/postgresql/*/bin` (Debian's layout). The folder must hold
/// `initdb`, `pg_ctl` and `postgres`.
pub fn bindir() -> Result<PathBuf, String> {
    let complete = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| d.join(b).is_file())
    };
    if let Some(d) = std::env::var_os("GRADER_PG_BINDIR") {
        let d = PathBuf::from(d);
        return if complete(&d) {
            Ok(d)
        } else {
            Err(format!(
                "GRADER_PG_BINDIR={} has no initdb, pg_ctl and postgres",
                d.display()
            ))
        };
    }
    if let Ok(c) = sandbox::capture(&["pg_config".into(), "--bindir".into()])
        && c.success
    {
        let d = PathBuf::from(c.stdout.trim());
        if complete(&d) {
            return Ok(d);
        }
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let d = e.path().join("bin");
            complete(&d).then_some((v, d))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, d)| d).ok_or_else(|| {
        "PostgreSQL is not installed (no initdb/pg_ctl/postgres from `pg_config --bindir` or \
         under /usr/lib/postgresql/*/bin; on Debian/Ubuntu: apt-get install postgresql)"
            .to_string()
    })
}

/// Whether `user` may pass through every folder from `/` down to `dir` (search permission).
fn searchable(dir: &Path, user: HostUser) -> bool {
    use std::os::unix::fs::MetadataExt;
    dir.ancestors().all(|d| {
        let Ok(m) = std::fs::metadata(d) else {
            return false;
        };
        let mode = m.mode();
        if m.uid() == user.uid {
            mode & 0o100 != 0
        } else if m.gid() == user.gid {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        }
    })
}

fn tool(cluster_bindir: &Path, name: &str) -> String {
    cluster_bindir.join(name).display().to_string()
}

/// Runs a PostgreSQL program as the cluster's user; an error carries its output.
fn run(user: HostUser, argv: &[String]) -> Result<(), String> {
    let c = sandbox::run_as(argv, user, &[("LC_ALL", "C"), ("TZ", "UTC")])
        .map_err(|e| format!("cannot run `{}`: {e}", argv[0]))?;
    if c.success {
        Ok(())
    } else {
        let out = format!("{}{}", c.stdout, c.stderr);
        let tail: Vec<&str> = out.lines().rev().take(6).collect();
        Err(format!(
            "`{}` failed: {}",
            Path::new(&argv[0])
                .file_name()
                .map_or(argv[0].clone(), |f| f.to_string_lossy().into_owned()),
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ))
    }
}

impl Cluster {
    fn start() -> Result<Cluster, String> {
        let started = Instant::now();
        let bindir = bindir()?;
        let user = if HostUser::is_root() {
            HostUser::named("postgres").ok_or(
                "the grader runs as root and initdb refuses root: create the `postgres` system \
                 user (the postgresql package does)",
            )?
        } else {
            HostUser::current()
        };
        // The cluster's user must reach its folder: under TMPDIR when it can, else /tmp.
        let base = std::env::temp_dir();
        let base = if user == HostUser::current() || searchable(&base, user) {
            base
        } else {
            PathBuf::from("/tmp")
        };
        let dir = tempfile::Builder::new()
            .prefix(&format!("grader-pg-{}", sandbox::stale::tag()))
            .tempdir_in(base)
            .map_err(|e| format!("cannot create the cluster's folder: {e}"))?
            .keep();
        sandbox::register_dir(dir.clone());
        let fail = |m: String| {
            let _ = std::fs::remove_dir_all(&dir);
            sandbox::unregister_dir(&dir);
            m
        };
        // Owned by this grader (a root-owned record even once the folder is the cluster user's):
        // if it is killed, the next run stops the server and removes the folder.
        sandbox::stale::mark(&dir)
            .map_err(|e| fail(format!("cannot mark the cluster's folder: {e}")))?;
        if user != HostUser::current() {
            let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes())
                .map_err(|e| fail(e.to_string()))?;
            // SAFETY: a NUL-terminated path that outlives the call.
            if unsafe { libc::chown(c.as_ptr(), user.uid, user.gid) } != 0 {
                return Err(fail(format!(
                    "cannot give the cluster's folder to uid {}: {}",
                    user.uid,
                    std::io::Error::last_os_error()
                )));
            }
        }
        let data = dir.join("data");
        let s = |x: &str| x.to_string();
        run(
            user,
            &[
                tool(&bindir, "initdb"),
                s("-D"),
                data.display().to_string(),
                s("-A"),
                s("trust"),
                s("-U"),
                s(OWNER),
                s("--no-sync"),
                s("-E"),
                s("UTF8"),
                s("--locale=C"),
            ],
        )
        .map_err(&fail)?;
        // The server's settings, appended to the generated configuration (no shell quoting).
        let conf = format!(
            "\n# grader: a throwaway cluster\nlisten_addresses = ''\nunix_socket_directories = '{}'\n\
             unix_socket_permissions = 0700\nfsync = off\nsynchronous_commit = off\n\
             full_page_writes = off\nshared_buffers = 32MB\nmax_connections = 20\n\
             autovacuum = off\nmax_parallel_workers_per_gather = 0\n\
             dynamic_shared_memory_type = mmap\ntimezone = 'UTC'\nlog_min_messages = fatal\n",
            dir.display().to_string().replace('\'', "''")
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .and_then(|mut f| std::io::Write::write_all(&mut f, conf.as_bytes()))
            .map_err(|e| fail(format!("cannot configure the cluster: {e}")))?;
        sandbox::register_postmaster(data.clone());
        let started_server = run(
            user,
            &[
                tool(&bindir, "pg_ctl"),
                s("-D"),
                data.display().to_string(),
                s("-l"),
                dir.join("server.log").display().to_string(),
                s("-w"),
                s("-t"),
                s("30"),
                s("start"),
            ],
        );
        let pid = sandbox::postmaster_pid(&data).unwrap_or(0);
        let mut cluster = Cluster {
            dir: dir.clone(),
            data,
            bindir,
            user,
            pid,
            version: String::new(),
            started_in: Duration::ZERO,
            databases: HashMap::new(),
            next: 0,
        };
        if let Err(e) = started_server {
            let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
            cluster.stop();
            return Err(format!("{e}; server log: {}", log.trim()));
        }
        if let Err(e) = cluster.setup() {
            cluster.stop();
            return Err(e);
        }
        cluster.started_in = started.elapsed();
        Ok(cluster)
    }

    fn connect(&self, user: &str, db: &str) -> Result<Client, String> {
        self.connect_with(user, db, None)
    }

    /// Like `connect`; the temporary files the backend reports are counted in `temp`.
    fn connect_with(
        &self,
        user: &str,
        db: &str,
        temp: Option<TempFiles>,
    ) -> Result<Client, String> {
        let mut config = Config::new();
        config
            .host_path(&self.dir)
            .user(user)
            .dbname(db)
            .application_name("grader");
        if let Some(temp) = temp {
            config.notice_callback(move |n| temp.notice(n.message()));
        }
        config
            .connect(NoTls)
            .map_err(|e| format!("cannot connect to the PostgreSQL cluster: {e}"))
    }

    /// The answer's role, and what every new database inherits from `template1`.
    fn setup(&mut self) -> Result<(), String> {
        let mut admin = self.connect(OWNER, "postgres")?;
        let sql = format!(
            "CREATE ROLE {CANDIDATE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION CONNECTION LIMIT 4;
             ALTER ROLE {CANDIDATE} SET default_transaction_read_only = on;
             ALTER ROLE {CANDIDATE} SET statement_timeout = '10s';
             ALTER ROLE {CANDIDATE} SET work_mem = '4MB';
             ALTER ROLE {CANDIDATE} SET temp_file_limit = '64MB';
             ALTER ROLE {CANDIDATE} SET log_temp_files = 0;
             ALTER ROLE {CANDIDATE} SET idle_in_transaction_session_timeout = '30s';
             REVOKE ALL ON DATABASE postgres FROM PUBLIC;
             REVOKE ALL ON DATABASE template1 FROM PUBLIC;"
        );
        admin
            .batch_execute(&sql)
            .map_err(|e| format!("cannot set up the cluster's roles: {}", db_error(&e)))?;
        self.version = admin
            .query_one("SHOW server_version", &[])
            .ok()
            .and_then(|r| r.try_get::<_, String>(0).ok())
            .unwrap_or_default();
        let mut t1 = self.connect(OWNER, "template1")?;
        t1.batch_execute(
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC;
             REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;",
        )
        .map_err(|e| format!("cannot set up template1: {}", db_error(&e)))?;
        Ok(())
    }

    /// Stops the server (`pg_ctl stop -m immediate`, else SIGQUIT) and removes the folder.
    fn stop(&mut self) {
        let stopped = run(
            self.user,
            &[
                tool(&self.bindir, "pg_ctl"),
                "-D".into(),
                self.data.display().to_string(),
                "-m".into(),
                "immediate".into(),
                "-w".into(),
                "stop".into(),
            ],
        );
        if stopped.is_err() {
            sandbox::stop_postmaster(&self.data, Duration::from_secs(3));
        }
        if self.pid > 0 {
            sandbox::reap_pid(self.pid, Duration::from_secs(3));
        }
        sandbox::unregister_postmaster(&self.data);
        let _ = std::fs::remove_dir_all(&self.dir);
        sandbox::unregister_dir(&self.dir);
    }

    /// Drops the databases of problems other than `problem` (one problem's datasets at a time
    /// on disk).
    fn forget_others(&mut self, problem: &Path) -> Result<(), String> {
        let stale: Vec<String> = self
            .databases
            .iter()
            .filter(|((dir, _), _)| dir != problem)
            .map(|(_, n)| n.clone())
            .collect();
        if stale.is_empty() {
            return Ok(());
        }
        let mut admin = self.connect(OWNER, "postgres")?;
        for n in stale {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {n} WITH (FORCE)"));
        }
        self.databases.retain(|(dir, _), _| dir == problem);
        Ok(())
    }

    /// The database of dataset `index` of `problem`, created and seeded on first use.
    fn database(
        &mut self,
        problem: &crate::problem::Problem,
        index: usize,
        build: &dyn Fn() -> Result<Vec<Seed>, String>,
    ) -> Result<String, String> {
        let key = (problem.dir.clone(), index);
        if let Some(name) = self.databases.get(&key) {
            return Ok(name.clone());
        }
        self.forget_others(&problem.dir)?;
        self.next += 1;
        let name = format!("ds{}", self.next);
        create_database(&self.dir, problem, &name, &build()?)?;
        self.databases.insert(key, name.clone());
        Ok(name)
    }

    /// Creates the databases of `datasets` (index, seeds) not made yet, two at a time: creating
    /// a database copies its template, the largest part of a dataset's cost.
    fn prebuild(
        &mut self,
        problem: &crate::problem::Problem,
        datasets: Vec<(usize, Vec<Seed>)>,
    ) -> Result<(), String> {
        self.forget_others(&problem.dir)?;
        let mut todo = Vec::new();
        for (index, seeds) in datasets {
            if !self.databases.contains_key(&(problem.dir.clone(), index)) {
                self.next += 1;
                todo.push((index, format!("ds{}", self.next), seeds));
            }
        }
        let dir = self.dir.clone();
        let halves: Vec<Vec<(usize, String, Vec<Seed>)>> = {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for (i, t) in todo.into_iter().enumerate() {
                if i % 2 == 0 { a.push(t) } else { b.push(t) }
            }
            vec![a, b]
        };
        let results: Vec<Result<Vec<(usize, String)>, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = halves
                .iter()
                .map(|half| {
                    let dir = &dir;
                    std::thread::Builder::new()
                        .name("pg-datasets".into())
                        .spawn_scoped(scope, move || {
                            half.iter()
                                .map(|(i, name, seeds)| {
                                    create_database(dir, problem, name, seeds)
                                        .map(|()| (*i, name.clone()))
                                })
                                .collect::<Result<Vec<_>, String>>()
                        })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(h) => h
                        .join()
                        .unwrap_or_else(|_| Err("a dataset thread panicked".into())),
                    Err(e) => Err(format!("cannot start a thread: {e}")),
                })
                .collect()
        });
        for r in results {
            for (i, name) in r? {
                self.databases.insert((problem.dir.clone(), i), name);
            }
        }
        Ok(())
    }
}

/// Creates database `name` for a dataset of `problem`: the schema (or `schema_postgres`), the
/// seeds, and the answer role's grants, as the owner.
fn create_database(
    dir: &Path,
    problem: &crate::problem::Problem,
    name: &str,
    seeds: &[Seed],
) -> Result<(), String> {
    let spec = problem
        .sql
        .as_ref()
        .ok_or("the problem has no [sql] table")?;
    let connect = |db: &str| {
        Config::new()
            .host_path(dir)
            .user(OWNER)
            .dbname(db)
            .application_name("grader")
            .connect(NoTls)
            .map_err(|e| format!("cannot connect to the PostgreSQL cluster: {e}"))
    };
    // FILE_COPY (PostgreSQL 15+) copies the template's files instead of writing every block to
    // the WAL (WAL_LOG, the default): 16-23 ms against 140-360 ms on a quiet cluster here; its
    // checkpoints bring it to ~120 ms between seeded datasets. Older servers lack the option.
    let mut admin = connect("postgres")?;
    if admin
        .batch_execute(&format!("CREATE DATABASE {name} STRATEGY = FILE_COPY"))
        .is_err()
    {
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| format!("cannot create a database: {}", db_error(&e)))?;
    }
    let mut c = connect(name)?;
    let schema = spec.schema_postgres.as_deref().unwrap_or(&spec.schema);
    run_script(&mut c, schema).map_err(|e| {
        format!(
            "the schema fails on PostgreSQL: {e} (a PostgreSQL spelling goes in [sql] schema_postgres)"
        )
    })?;
    for seed in seeds {
        match seed {
            Seed::Sql(sql) => run_script(&mut c, sql)
                .map_err(|e| format!("the seed SQL fails on PostgreSQL: {e}"))?,
            Seed::Csv { table, file } => load_csv(&mut c, table, file)?,
        }
    }
    let grants = grants(&mut c, name, spec)?;
    c.batch_execute(&grants)
        .map_err(|e| format!("cannot grant the answer's role: {}", db_error(&e)))
}

/// The answer role's grants on database `name`: connect, use every schema the dataset made
/// (`public` and each `CREATE SCHEMA`) and read its tables; and the writes `[sql.dml]` allows.
fn grants(c: &mut Client, name: &str, spec: &crate::problem::SqlSpec) -> Result<String, String> {
    let schemas: Vec<String> = c
        .query(
            "SELECT nspname::text FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', \
             'information_schema') AND nspname NOT LIKE 'pg\\_%' ORDER BY 1",
            &[],
        )
        .map_err(|e| format!("cannot list the dataset's schemas: {}", db_error(&e)))?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut grants = format!(
        "REVOKE ALL ON DATABASE {name} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {name} TO {CANDIDATE};"
    );
    for s in &schemas {
        let s = quote_ident(s);
        grants.push_str(&format!(
            "GRANT USAGE ON SCHEMA {s} TO {CANDIDATE};
             GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {CANDIDATE};"
        ));
    }
    if let Some(dml) = &spec.dml {
        for t in &dml.tables {
            grants.push_str(&format!(
                "GRANT {} ON {} TO {CANDIDATE};",
                dml.allow.join(", "),
                super::db::quote_name_with(t, quote_ident)
            ));
        }
    }
    Ok(grants)
}

/// Runs SQL text (a dump included, see `dump`) as the owner: statements but those a
/// throwaway cluster must not run (`super::dump::for_postgres`), COPY blocks through COPY
/// itself; the search path reset after it (a dump empties it).
fn run_script(c: &mut Client, text: &str) -> Result<(), String> {
    use super::dump::Piece;
    for piece in super::dump::split(text)? {
        match piece {
            Piece::Sql(s) => {
                if super::dump::for_postgres(&s) {
                    c.batch_execute(&s).map_err(|e| db_error(&e))?;
                }
            }
            Piece::Copy(b) => {
                let mut w = c
                    .copy_in(b.statement.as_str())
                    .map_err(|e| format!("`{}`: {}", b.statement, db_error(&e)))?;
                std::io::Write::write_all(&mut w, b.data.as_bytes())
                    .map_err(|e| format!("`{}`: {e}", b.statement))?;
                w.finish().map_err(|e| {
                    format!(
                        "`{}` (data from line {}): {}",
                        b.statement,
                        b.line,
                        db_error(&e)
                    )
                })?;
            }
        }
    }
    c.batch_execute("RESET search_path")
        .map_err(|e| db_error(&e))
}

fn quote_ident(s: &str) -> String {
    // Unquoted names fold to lower case in PostgreSQL; the schema's own spelling does the same.
    if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

fn load_csv(c: &mut Client, table: &str, file: &Path) -> Result<(), String> {
    let shown = file.display();
    let super::db::CsvInsert { sql, rows } =
        super::db::csv_insert(table, file, quote_ident, |i| format!("${i}"))?;
    let stmt = c
        .prepare(&sql)
        .map_err(|e| format!("{shown}: cannot load into `{table}`: {}", db_error(&e)))?;
    for (i, r) in rows.iter().enumerate() {
        let values: Vec<Option<TextParam>> = r.iter().map(|v| v.clone().map(TextParam)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        c.execute(&stmt, &refs)
            .map_err(|e| format!("{shown}:{}: {}", i + 2, db_error(&e)))?;
    }
    Ok(())
}

/// A parameter sent as text: PostgreSQL parses it with the parameter's type (so `'2024-01-01'`
/// binds to a DATE and `'3'` to an INTEGER), as psql would.
#[derive(Debug)]
struct TextParam(String);

impl ToSql for TextParam {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }
    fn accepts(_ty: &Type) -> bool {
        true
    }
    fn encode_format(&self, _ty: &Type) -> Format {
        Format::Text
    }
    postgres::types::to_sql_checked!();
}

/// A parameter's value as PostgreSQL text.
fn param_text(v: &rusqlite::types::Value) -> Option<String> {
    use rusqlite::types::Value;
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
    }
}

/// One result value, decoded from PostgreSQL's binary format.
struct PgCell(Cell);

impl<'a> FromSql<'a> for PgCell {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgCell(super::values::decode(ty, raw)?))
    }
    fn from_sql_null(_ty: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgCell(Cell::Null))
    }
    fn accepts(_ty: &Type) -> bool {
        true
    }
}

/// The database error's message with its position as line and column, else the error itself.
fn db_error(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => d.message().to_string(),
        None => e.to_string(),
    }
}

fn sql_error(e: &postgres::Error, sql: &str) -> String {
    let Some(d) = e.as_db_error() else {
        return e.to_string();
    };
    let mut m = d.message().to_string();
    if let Some(postgres::error::ErrorPosition::Original(p)) = d.position() {
        // A 1-based character position.
        let before: String = sql.chars().take((*p as usize).saturating_sub(1)).collect();
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        m.push_str(&format!(" (line {line}, column {col})"));
    }
    m
}

/// `:name` placeholders (and `@name`, `$name` for a name in `known`, as SQLite also takes them)
/// rewritten as `$1, $2, …` (PostgreSQL's), numbered in order of first use; strings, quoted
/// names, comments and `::` casts are left alone. Returns the names in order.
pub fn numbered(sql: &str, known: &[String]) -> (String, Vec<String>) {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut names: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\'' | '"' => {
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == c {
                        if chars.get(i + 1) == Some(&c) {
                            out.push(c);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            '-' if next == Some('-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    out.push(chars[i]);
                    i += 1;
                }
                out.push_str("*/");
                i += 2;
            }
            ':' if next == Some(':') => {
                out.push_str("::");
                i += 2;
            }
            ':' | '@' | '$' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '_') => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                if c != ':' && (!known.contains(&name) || chars.get(end) == Some(&'$')) {
                    // An operator (`@`) or a dollar-quote tag, not a parameter.
                    out.push(c);
                    i += 1;
                    continue;
                }
                let n = match names.iter().position(|x| *x == name) {
                    Some(p) => p + 1,
                    None => {
                        names.push(name);
                        names.len()
                    }
                };
                out.push_str(&format!("${n}"));
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, names)
}

/// The statement's first keyword, upper-case, after comments and white space (`WITH …` counts
/// as the first INSERT, UPDATE or DELETE after it; the GRANTs hold the line either way).
pub(super) fn first_keyword(sql: &str) -> String {
    let rest = super::dump::bare(sql);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    if word == "WITH" {
        let upper = rest.to_ascii_uppercase();
        if let Some(w) = upper
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| matches!(*w, "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE"))
        {
            return w.to_string();
        }
    }
    word
}

/// Whether PostgreSQL can be used, starting the cluster on first call. `Err`: why not (the
/// same reason on every call).
pub fn ensure() -> Result<(), String> {
    let mut state = CLUSTER.lock().map_err(|_| "the cluster lock is poisoned")?;
    match &*state {
        State::Running(_) => Ok(()),
        State::Unavailable(why) => Err(why.clone()),
        State::NotStarted => match Cluster::start() {
            Ok(c) => {
                *state = State::Running(Box::new(c));
                Ok(())
            }
            Err(e) => {
                *state = State::Unavailable(e.clone());
                Err(e)
            }
        },
    }
}

/// The running cluster's version and how long it took to start.
pub fn info() -> Option<(String, Duration)> {
    match &*CLUSTER.lock().ok()? {
        State::Running(c) => Some((c.version.clone(), c.started_in)),
        _ => None,
    }
}

/// Stops the cluster if one was started (at the end of a command; Ctrl-C goes through the
/// sandbox registry instead).
pub fn shutdown() {
    if let Ok(mut state) = CLUSTER.lock() {
        if let State::Running(c) = &mut *state {
            c.stop();
        }
        *state = State::NotStarted;
    }
}

/// What a query gave on PostgreSQL.
pub struct PgRan {
    pub result: ResultSet,
    pub elapsed: Duration,
    /// What its backend spent.
    pub work: Work,
}

/// One query to run on a dataset's database.
pub struct Query<'a> {
    pub sql: &'a str,
    /// As the answer's role (else as the owner).
    pub untrusted: bool,
    pub budget: Budget,
    pub params: &'a [Param],
    /// A DML problem: the statement may write (as GRANTed), then this query reads the result.
    pub check: Option<&'a str>,
}

/// Prepares `sql` (after `:name` → `$n`) on dataset `index` without running it: the answer's
/// compile step. A query problem accepts only statements that return columns.
pub fn prepare(
    problem: &crate::problem::Problem,
    index: usize,
    seeds: &dyn Fn() -> Result<Vec<Seed>, String>,
    sql: &str,
    untrusted: bool,
) -> Result<Result<(), String>, String> {
    with_cluster(|c| {
        let db = c.database(problem, index, seeds)?;
        let mut client = c.connect(if untrusted { CANDIDATE } else { OWNER }, &db)?;
        let writes = problem.sql.as_ref().and_then(|s| s.dml.as_ref());
        let dml = writes.is_some();
        if let (Some(w), true) = (writes, untrusted) {
            let first = first_keyword(sql);
            if !w.allow.contains(&first) {
                let allowed = format!(
                    "this problem allows only {} on `{}`",
                    w.allow.join(", "),
                    w.tables.join("`, `")
                );
                return Ok(Err(
                    if matches!(first.as_str(), "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE") {
                        format!("not allowed: {first} ({allowed})")
                    } else {
                        format!(
                            "not a write: the answer must be one {} statement ({allowed})",
                            w.allow.join(" or ")
                        )
                    },
                ));
            }
        }
        let mut tx = client
            .build_transaction()
            .read_only(!dml)
            .start()
            .map_err(|e| format!("cannot start a transaction: {e}"))?;
        let declared: Vec<String> = problem
            .tests
            .iter()
            .flat_map(|t| match &t.data {
                crate::problem::TestData::Sql { params, .. } => {
                    params.iter().map(|(n, _)| n.clone()).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        let (text, _) = numbered(sql, &declared);
        Ok(match tx.prepare(&text) {
            Err(e) => Err(sql_error(&e, &text)),
            Ok(s) if !dml && s.columns().is_empty() => Err(
                "not a query: the answer must be one SELECT (or WITH … SELECT) statement".into(),
            ),
            Ok(_) => Ok(()),
        })
    })
}

/// Creates the databases of every dataset in `datasets` (index, seeds) ahead of the runs,
/// two at a time.
pub fn prebuild(
    problem: &crate::problem::Problem,
    datasets: Vec<(usize, Vec<Seed>)>,
) -> Result<(), String> {
    with_cluster(|c| c.prebuild(problem, datasets))
}

/// Runs one query on dataset `index`: `Ok(Err(f))` is the query's failure, `Err` the
/// grader's (the cluster, a seed). What the backend did is measured either way (`evidence`).
pub fn run_query(
    problem: &crate::problem::Problem,
    index: usize,
    seeds: &dyn Fn() -> Result<Vec<Seed>, String>,
    q: &Query,
) -> Result<Result<PgRan, Failure>, String> {
    with_cluster(|c| {
        let db = c.database(problem, index, seeds)?;
        let temp = TempFiles::default();
        let mut client = c.connect_with(
            if q.untrusted { CANDIDATE } else { OWNER },
            &db,
            Some(temp.clone()),
        )?;
        let mut tx = client
            .build_transaction()
            .read_only(q.check.is_none())
            .start()
            .map_err(|e| format!("cannot start a transaction: {e}"))?;
        let ms = q.budget.wall.as_millis().clamp(1, i32::MAX as u128);
        // The backend's pid, to read what it spends; its LOG notices (temporary files) sent to
        // this client.
        let backend = tx
            .simple_query(&format!(
                "SET LOCAL statement_timeout = {ms}; SET LOCAL client_min_messages = log; \
                 SELECT pg_backend_pid()"
            ))
            .map_err(|e| format!("cannot set statement_timeout: {e}"))?
            .iter()
            .find_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => r.get(0)?.parse().ok().map(Backend),
                _ => None,
            });
        let cpu = backend.and_then(Backend::cpu);
        let started = Instant::now();
        let outcome = execute(&mut tx, q);
        let elapsed = started.elapsed();
        // The rollback's round trip brings the notices sent as the query ended (a failed
        // query's temporary files are removed, and reported, after its error).
        let _ = tx.rollback();
        let work = Work {
            elapsed,
            steps: None,
            cpu: cpu
                .zip(backend.and_then(Backend::cpu))
                .map(|(before, after)| after.saturating_sub(before)),
            peak: backend.and_then(Backend::peak),
            temp: Some(temp.bytes()),
        };
        Ok(outcome?
            .map(|result| PgRan {
                result,
                elapsed,
                work,
            })
            .map_err(|f| match f {
                Failure::Time(limit, _) => Failure::Time(limit, work),
                Failure::Memory(_, why) => Failure::Memory(work, why),
                other => other,
            }))
    })
}

/// Prepares, binds and runs `q` in `tx` (its `statement_timeout` set), fetching at most
/// `max_rows + 1` rows, then the check query of a DML problem. A TLE or MLE comes back with
/// an empty [`Work`]: `run_query` measures the evidence and puts it in.
fn execute(
    tx: &mut postgres::Transaction,
    q: &Query,
) -> Result<Result<ResultSet, Failure>, String> {
    let failure = |e: &postgres::Error, sql: &str| -> Failure {
        use postgres::error::SqlState;
        let work = Work::default();
        match e.code() {
            Some(c) if *c == SqlState::QUERY_CANCELED => Failure::Time(TimeLimit::Wall, work),
            Some(c) if c.code().starts_with("53") => Failure::Memory(work, Some(db_error(e))),
            _ => Failure::Error(sql_error(e, sql)),
        }
    };
    let known: Vec<String> = q.params.iter().map(|(n, _)| n.clone()).collect();
    let (text, names) = numbered(q.sql, &known);
    let stmt = match tx.prepare(&text) {
        Ok(s) => s,
        Err(e) => return Ok(Err(failure(&e, &text))),
    };
    if q.check.is_none() && stmt.columns().is_empty() {
        return Ok(Err(Failure::Error(
            "not a query: the answer must be one SELECT statement".into(),
        )));
    }
    let mut values: Vec<Option<TextParam>> = Vec::new();
    for n in &names {
        match q.params.iter().find(|(p, _)| p == n) {
            Some((_, v)) => values.push(param_text(v).map(TextParam)),
            None => {
                return Ok(Err(Failure::Error(format!(
                    "no value for parameter :{n} on this dataset"
                ))));
            }
        }
    }
    let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
    let limit = i32::try_from(q.budget.max_rows.saturating_add(1)).unwrap_or(i32::MAX);
    let portal = match tx.bind(&stmt, &refs) {
        Ok(p) => p,
        Err(e) => return Ok(Err(failure(&e, &text))),
    };
    let rows = match tx.query_portal(&portal, limit) {
        Ok(r) => r,
        Err(e) => return Ok(Err(failure(&e, &text))),
    };
    let (columns, rows) = if let Some(check) = q.check {
        drop(rows);
        let s = tx
            .prepare(check)
            .map_err(|e| format!("the check query of [sql.dml] fails: {}", db_error(&e)))?;
        let rows = tx
            .query(&s, &[])
            .map_err(|e| format!("the check query of [sql.dml] fails: {}", db_error(&e)))?;
        (
            s.columns().iter().map(|c| c.name().to_string()).collect(),
            rows,
        )
    } else {
        if rows.len() as u64 > q.budget.max_rows {
            return Ok(Err(Failure::Rows(q.budget.max_rows)));
        }
        (
            stmt.columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect(),
            rows,
        )
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut cells = Vec::with_capacity(r.len());
        for i in 0..r.len() {
            match r.try_get::<_, PgCell>(i) {
                Ok(c) => cells.push(c.0),
                Err(e) => {
                    let m = std::error::Error::source(&e)
                        .map_or_else(|| e.to_string(), |s| s.to_string());
                    return Ok(Err(Failure::Error(m)));
                }
            }
        }
        out.push(cells);
    }
    Ok(Ok(ResultSet { columns, rows: out }))
}

fn with_cluster<T>(f: impl FnOnce(&mut Cluster) -> Result<T, String>) -> Result<T, String> {
    let mut state = CLUSTER.lock().map_err(|_| "the cluster lock is poisoned")?;
    match &mut *state {
        State::Running(c) => f(c),
        State::Unavailable(why) => Err(why.clone()),
        State::NotStarted => Err("the PostgreSQL cluster is not started".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_placeholders_become_numbered_outside_strings_and_casts() {
        let known = ["dept".to_string(), "min".to_string()];
        let (s, n) = numbered(
            "SELECT ':no', x::int, \"a:b\" FROM t -- :c\nWHERE a = :dept AND b > :min OR c = :dept /* :d */",
            &known,
        );
        assert_eq!(
            s,
            "SELECT ':no', x::int, \"a:b\" FROM t -- :c\nWHERE a = $1 AND b > $2 OR c = $1 /* :d */"
        );
        assert_eq!(n, known.to_vec());
        let (s, n) = numbered("SELECT @x, $q$a$q$ WHERE a = @min OR b = $dept", &known);
        assert_eq!(s, "SELECT @x, $q$a$q$ WHERE a = $1 OR b = $2");
        assert_eq!(n, vec!["min".to_string(), "dept".to_string()]);
    }

    #[test]
    fn the_first_keyword_skips_comments_and_sees_through_with() {
        assert_eq!(
            first_keyword("-- raise\n /* x */ update T set x = 1"),
            "UPDATE"
        );
        assert_eq!(
            first_keyword("WITH s AS (SELECT 1) UPDATE T SET x = 1"),
            "UPDATE"
        );
        assert_eq!(
            first_keyword("WITH s AS (SELECT 1) SELECT * FROM s"),
            "WITH"
        );
        assert_eq!(first_keyword("select 1"), "SELECT");
    }
}
