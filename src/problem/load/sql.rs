//! `[sql]`: the schema, reference query, engines, comparison, plan and DML rules of an SQL
//! problem, and its datasets (`[[tests]]` with seeds and parameters).

use super::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

/// `shared`: some dataset is a bank's shared one (which may carry the tables: the schema may
/// then be left out).
pub(super) fn sql_spec(ctx: &Ctx, s: &Spanned<spec::SqlToml>, shared: bool) -> Result<SqlSpec> {
    let st = s.get_ref();
    let reference = problem_file(
        ctx,
        st.reference.span(),
        "the reference query",
        st.reference.get_ref(),
    )?;
    let schema = sql_schema(ctx, s, shared)?;
    let c = &st.compare;
    check_sql_compare(ctx, s, c)?;
    let plan = sql_plan(ctx, st.plan.as_ref())?;
    let dml = sql_dml(ctx, st.dml.as_ref())?;
    use crate::problem::sql_options::{Engine, PgPolicy};
    let engines = st.engines.clone().unwrap_or_else(|| vec![Engine::Sqlite]);
    if engines.is_empty() {
        return Err(ctx.at(
            s.span(),
            "[sql] engines: name at least one engine (\"sqlite\", \"postgres\")",
        ));
    }
    let mut sorted = engines.clone();
    sorted.sort();
    sorted.dedup();
    let uses_pg = sorted.contains(&Engine::Postgres);
    if !uses_pg
        && (st.postgres_policy.is_some()
            || st.schema_postgres.is_some()
            || st.schema_postgres_file.is_some())
    {
        return Err(ctx.at(
            s.span(),
            "[sql] postgres_policy and schema_postgres need engines = [\"sqlite\", \"postgres\"]",
        ));
    }
    let schema_postgres = match (&st.schema_postgres, &st.schema_postgres_file) {
        (Some(text), None) => Some(text.clone()),
        (None, Some(f)) => Some(problem_text(
            ctx,
            f.span(),
            "the PostgreSQL schema file",
            f.get_ref(),
        )?),
        (Some(_), Some(f)) => {
            return Err(ctx.at(
                f.span(),
                "[sql] takes `schema_postgres` or `schema_postgres_file`, not both",
            ));
        }
        (None, None) => None,
    };
    if uses_pg && plan.is_some() && !sorted.contains(&Engine::Sqlite) {
        return Err(ctx.at(
            s.span(),
            "[sql.plan] rules are checked on SQLite: add \"sqlite\" to [sql] engines",
        ));
    }
    Ok(SqlSpec {
        engines: sorted,
        postgres_policy: st.postgres_policy.unwrap_or(PgPolicy::Required),
        schema_postgres,
        reference,
        schema,
        foreign_keys: st.foreign_keys,
        max_steps: st.max_steps.unwrap_or(20_000_000),
        max_rows: st.max_rows.unwrap_or(100_000),
        compare: c.clone(),
        plan,
        dml,
    })
}

/// `schema` or `schema_file`: the tables' SQL text (none needed when a shared dataset, a dump,
/// brings them).
fn sql_schema(ctx: &Ctx, s: &Spanned<spec::SqlToml>, shared: bool) -> Result<String> {
    let st = s.get_ref();
    Ok(match (&st.schema, &st.schema_file) {
        (Some(text), None) => text.clone(),
        (None, Some(f)) => problem_text(ctx, f.span(), "the schema file", f.get_ref())?,
        (Some(_), Some(f)) => {
            return Err(ctx.at(f.span(), "[sql] takes `schema` or `schema_file`, not both"));
        }
        (None, None) if shared => String::new(),
        (None, None) => {
            return Err(ctx.at(
                s.span(),
                "[sql] needs the tables: `schema = \"CREATE TABLE …\"` or `schema_file = \"schema.sql\"`",
            ));
        }
    })
}

/// `[sql.compare]`: order keys only with `row_order = "by_keys"`, counted from 1; tolerances
/// finite and not negative.
fn check_sql_compare(
    ctx: &Ctx,
    s: &Spanned<spec::SqlToml>,
    c: &crate::problem::sql_options::Options,
) -> Result<()> {
    use crate::problem::sql_options::RowOrder;
    match (c.row_order, c.order_keys.is_empty()) {
        (RowOrder::ByKeys, true) => {
            return Err(ctx.at(
                s.span(),
                "[sql.compare] row_order = \"by_keys\" needs order_keys = [{ col = 1 }, …]",
            ));
        }
        (RowOrder::Any | RowOrder::Exact, false) => {
            return Err(ctx.at(
                s.span(),
                "[sql.compare] order_keys is only used with row_order = \"by_keys\"",
            ));
        }
        _ => {}
    }
    if c.order_keys.iter().any(|k| k.col == 0) {
        return Err(ctx.at(s.span(), "[sql.compare] order_keys count columns from 1"));
    }
    if !(c.abs_tol.is_finite() && c.abs_tol >= 0.0 && c.rel_tol.is_finite() && c.rel_tol >= 0.0) {
        return Err(ctx.at(
            s.span(),
            "[sql.compare] abs_tol and rel_tol must be finite numbers, 0 or more",
        ));
    }
    Ok(())
}

/// `[sql.plan]`, its regexes compiled.
fn sql_plan(ctx: &Ctx, plan: Option<&Spanned<spec::SqlPlanToml>>) -> Result<Option<SqlPlan>> {
    Ok(match plan {
        None => None,
        Some(p) => {
            let pt = p.get_ref();
            let compile = |list: &[String], what: &str| -> Result<Vec<regex::Regex>> {
                list.iter()
                    .map(|r| {
                        regex::Regex::new(r).map_err(|e| {
                            ctx.at(p.span(), format!("[sql.plan] {what}: bad regex `{r}`: {e}"))
                        })
                    })
                    .collect()
            };
            if pt.datasets.is_empty() {
                return Err(ctx.at(
                    p.span(),
                    "[sql.plan] datasets = [\"large\", …]: the datasets the rules apply to",
                ));
            }
            if pt
                .max_vm_steps_ratio
                .is_some_and(|r| r.is_nan() || r <= 0.0)
            {
                return Err(ctx.at(p.span(), "[sql.plan] max_vm_steps_ratio must be > 0"));
            }
            Some(SqlPlan {
                datasets: pt.datasets.clone(),
                require: compile(&pt.require, "require")?,
                forbid: compile(&pt.forbid, "forbid")?,
                max_fullscan_steps: pt.max_fullscan_steps,
                max_vm_steps_ratio: pt.max_vm_steps_ratio,
                max_sorts: pt.max_sorts,
                feedback: pt.feedback.clone(),
            })
        }
    })
}

/// `[sql.dml]`, its statement kinds upper-case.
fn sql_dml(ctx: &Ctx, dml: Option<&Spanned<spec::SqlDmlToml>>) -> Result<Option<SqlDml>> {
    Ok(match dml {
        None => None,
        Some(d) => {
            let dt = d.get_ref();
            let mut allow = Vec::new();
            for a in &dt.allow {
                let up = a.to_ascii_uppercase();
                if !matches!(up.as_str(), "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE") {
                    return Err(ctx.at(
                        d.span(),
                        format!("[sql.dml] allow: `{a}` is not INSERT, UPDATE, DELETE or TRUNCATE"),
                    ));
                }
                allow.push(up);
            }
            if allow.is_empty() || dt.tables.is_empty() {
                return Err(ctx.at(
                    d.span(),
                    "[sql.dml] needs allow = [\"UPDATE\", …] and tables = [\"…\"]",
                ));
            }
            Some(SqlDml {
                allow,
                tables: dt.tables.clone(),
                check: dt.check.clone(),
            })
        }
    })
}

/// The files of the bank's shared datasets, by name, each resolved once per problem.
#[derive(Default)]
pub(super) struct SharedDatasets(
    RefCell<HashMap<String, std::result::Result<Vec<PathBuf>, String>>>,
);

impl SharedDatasets {
    /// The files of shared dataset `name` of the bank holding problem folder `root`.
    fn files(&self, root: &Path, name: &str) -> std::result::Result<Vec<PathBuf>, String> {
        self.0
            .borrow_mut()
            .entry(name.to_string())
            .or_insert_with(|| crate::problem::inside::shared_dataset(root, name))
            .clone()
    }
}

pub(super) fn sql_data(ctx: &Ctx, t: &Spanned<spec::TestToml>) -> Result<TestData> {
    let tt = t.get_ref();
    if tt.input.is_some()
        || tt.output.is_some()
        || tt.args.is_some()
        || tt.calls.is_some()
        || tt.expected.is_some()
    {
        return Err(ctx.at(
            t.span(),
            "an SQL dataset takes `seed`, `seed_file`, `csv` or `dataset` (expected results come from the reference query)",
        ));
    }
    if tt.compare.is_some() {
        return Err(ctx.at(
            t.span(),
            "an SQL dataset has no `compare`: results compare under [sql.compare], problem-wide",
        ));
    }
    let mut seeds = Vec::new();
    if let Some(name) = &tt.dataset {
        let files = ctx
            .shared
            .files(ctx.inside.root(), name)
            .map_err(|m| ctx.at(t.span(), m))?;
        for f in files {
            match f.extension().and_then(|e| e.to_str()) {
                Some("sql") => seeds.push(SqlSeed::Sql(Data::File(f))),
                Some("csv") => seeds.push(SqlSeed::Csv {
                    table: f
                        .file_stem()
                        .map_or(String::new(), |s| s.to_string_lossy().into_owned()),
                    file: f,
                }),
                _ => {}
            }
        }
    }
    if let Some(f) = &tt.seed_file {
        seeds.push(SqlSeed::Sql(Data::File(problem_file(
            ctx,
            t.span(),
            "seed_file",
            f,
        )?)));
    }
    if let Some(s) = &tt.seed {
        seeds.push(SqlSeed::Sql(Data::Inline(s.clone())));
    }
    for (table, f) in tt.csv.iter().flatten() {
        seeds.push(SqlSeed::Csv {
            table: table.clone(),
            file: problem_file(ctx, t.span(), "csv file", f)?,
        });
    }
    if tt.seed.is_none() && tt.seed_file.is_none() && tt.csv.is_none() && tt.dataset.is_none() {
        return Err(ctx.at(
            t.span(),
            "an SQL dataset needs `seed`, `seed_file` or `csv`, or a shared `dataset` (write seed = \"\" for empty tables)",
        ));
    }
    let mut params = Vec::new();
    for (name, v) in tt.params.iter().flatten() {
        let value = match v {
            toml::Value::Integer(i) => SqlParam::Int(*i),
            toml::Value::Float(f) => SqlParam::Real(*f),
            // `"@null"` is NULL (`"@@null"` the text `"@null"`), as in function tests.
            toml::Value::String(s) => match super::function::unescape_null(s) {
                None => SqlParam::Null,
                Some(t) => SqlParam::Text(t.to_string()),
            },
            toml::Value::Boolean(b) => SqlParam::Int(i64::from(*b)),
            _ => {
                return Err(ctx.at(
                    t.span(),
                    format!("parameter `{name}`: a number, a string or a boolean"),
                ));
            }
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ctx.at(
                t.span(),
                format!("parameter `{name}`: letters, digits and `_` only (used as `:{name}`)"),
            ));
        }
        params.push((name.clone(), value));
    }
    Ok(TestData::Sql { seeds, params })
}

#[cfg(test)]
mod tests {
    use crate::problem::load::load;

    /// A bank holding problem `p` with `toml` and a shared dataset `datasets/club/` (one dump).
    fn bank(toml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let bank = tempfile::tempdir().unwrap();
        let p = bank.path().join("p");
        std::fs::create_dir_all(p.join("reference")).unwrap();
        std::fs::write(p.join("reference/answer.sql"), "SELECT 1").unwrap();
        std::fs::write(p.join("problem.toml"), toml).unwrap();
        std::fs::create_dir_all(bank.path().join("datasets/club")).unwrap();
        std::fs::write(
            bank.path().join("datasets/club/b.sql"),
            "CREATE SCHEMA cd; CREATE TABLE cd.t (x int);",
        )
        .unwrap();
        std::fs::write(bank.path().join("datasets/club/cd.t.csv"), "x\n1\n").unwrap();
        std::fs::write(bank.path().join("datasets/club/README.md"), "the club").unwrap();
        (bank, p)
    }

    const HEAD: &str = "format_version = 1\ntitle = \"t\"\nkind = \"sql\"\n\
        [sql]\nreference = \"reference/answer.sql\"\n";

    #[test]
    fn a_shared_dataset_needs_no_schema_and_brings_its_sql_and_csv_files() {
        let (_bank, p) = bank(&format!("{HEAD}[[tests]]\ndataset = \"club\"\n"));
        let problem = load(&p).unwrap();
        assert_eq!(problem.sql.as_ref().unwrap().schema, "");
        let crate::problem::TestData::Sql { seeds, .. } = &problem.tests[0].data else {
            panic!("not an SQL dataset")
        };
        let shown: Vec<String> = seeds
            .iter()
            .map(|s| match s {
                crate::problem::SqlSeed::Sql(d) => format!("sql {d:?}"),
                crate::problem::SqlSeed::Csv { table, .. } => format!("csv {table}"),
            })
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("sql ") && shown[0].contains("b.sql"),
            "{shown:?}"
        );
        assert_eq!(shown[1], "csv cd.t");
        // Without a shared dataset the schema is required, as before.
        let (_bank, p) = bank(&format!("{HEAD}[[tests]]\nseed = \"\"\n"));
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("[sql] needs the tables"), "{e}");
        // A name that is not one folder of `datasets/`.
        let (_bank, p) = bank(&format!("{HEAD}[[tests]]\ndataset = \"../p\"\n"));
        let e = load(&p).unwrap_err().to_string();
        assert!(
            e.contains("problem.toml:6:1: dataset `../p` is not a plain folder name"),
            "{e}"
        );
    }

    #[test]
    fn truncate_is_a_write_and_dataset_is_for_sql_only() {
        let dml = "[sql.dml]\nallow = [\"truncate\"]\ntables = [\"cd.t\"]\ncheck = \"SELECT 1\"\n";
        let (_bank, p) = bank(&format!("{HEAD}{dml}[[tests]]\ndataset = \"club\"\n"));
        let problem = load(&p).unwrap();
        let d = problem.sql.unwrap().dml.unwrap();
        assert_eq!(
            (d.allow, d.tables),
            (vec!["TRUNCATE".to_string()], vec!["cd.t".to_string()])
        );
        let (_bank, p) = bank(&format!(
            "{HEAD}{}[[tests]]\ndataset = \"club\"\n",
            dml.replace("truncate", "merge")
        ));
        let e = load(&p).unwrap_err().to_string();
        assert!(
            e.contains("`merge` is not INSERT, UPDATE, DELETE or TRUNCATE"),
            "{e}"
        );
        let (_bank, p) = bank(
            "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\ndataset = \"club\"\n",
        );
        let e = load(&p).unwrap_err().to_string();
        assert!(
            e.contains("`dataset` and `params` are only valid in kind = \"sql\""),
            "{e}"
        );
    }
}
