//! `grader completions SHELL` and `grader man`: a shell's completion script and the man page,
//! generated from the command line `cli` declares. The script completes problem ids and `--lang`
//! values read from the problem bank and the language table now, so it is regenerated when the
//! bank changes.

use super::options;
use crate::error::{Error, Result};
use crate::problem;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap_complete::Shell;

/// The arguments that name a problem, and those that name a language, in any subcommand.
const PROBLEM_ARGS: [&str; 2] = ["problem", "ids"];
const LANG_ARGS: [&str; 1] = ["lang"];

pub fn run(args: &options::Completions) -> Result<u8> {
    let ids = match problem::problems_root(args.problems.as_deref()) {
        Ok(root) => problem::list_ids(&root),
        Err(e) => {
            crate::state::warn(format_args!(
                "{e}; the script completes no problem ids (run it again where the bank is)"
            ));
            Vec::new()
        }
    };
    let langs: Vec<String> = crate::lang::Table::load()?
        .languages
        .into_iter()
        .map(|l| l.id)
        .collect();
    let takers = problem_takers(&args.command);
    let mut command = with_values(args.command.clone(), &ids, &langs);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "grader", &mut script);
    let script = String::from_utf8_lossy(&script);
    let script = match args.shell {
        Shell::Fish => fish_positionals(&script, &takers, &ids),
        Shell::PowerShell => powershell_values(&script, &takers, &ids, &langs),
        _ => script.into_owned(),
    };
    write_stdout(script.as_bytes())
}

/// The subcommands with a positional argument that names a problem.
fn problem_takers(command: &clap::Command) -> Vec<String> {
    command
        .get_subcommands()
        .filter(|s| {
            s.get_arguments()
                .any(|a| a.is_positional() && PROBLEM_ARGS.contains(&a.get_id().as_str()))
        })
        .map(|s| s.get_name().to_string())
        .collect()
}

/// clap_complete's fish script completes no positional argument: add the problem ids after the
/// subcommands that take one (files still complete too, for a problem folder or FILE).
fn fish_positionals(script: &str, takers: &[String], ids: &[String]) -> String {
    let mut out = script.to_string();
    if !ids.is_empty() && !takers.is_empty() {
        out.push_str(&format!(
            "complete -c grader -n \"__fish_grader_using_subcommand {}\" -a \"{}\" -d 'problem'\n",
            takers.join(" "),
            ids.join(" ")
        ));
    }
    out
}

/// clap_complete's PowerShell script completes neither positional arguments nor option values:
/// offer the problem ids right after the subcommands that take one, and the language ids after
/// `--lang`.
fn powershell_values(script: &str, takers: &[String], ids: &[String], langs: &[String]) -> String {
    let quoted = |list: &[String]| {
        list.iter()
            .map(|v| format!("'{}'", v.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = script.replace(
        "    $completions = @(switch ($command) {",
        &format!(
            "    $previous = if ($wordToComplete) {{ $commandElements[$commandElements.Count - 2] }} else {{ $commandElements[$commandElements.Count - 1] }}
    if (\"$previous\" -eq '--lang') {{
        return @({}) | Where-Object {{ $_ -like \"$wordToComplete*\" }} |
            ForEach-Object {{ [CompletionResult]::new($_, $_, [CompletionResultType]::ParameterValue, 'language') }}
    }}

    $completions = @(switch ($command) {{",
            quoted(langs)
        ),
    );
    for name in takers {
        let case = format!("        'grader;{name}' {{\n");
        let values: String = ids
            .iter()
            .map(|id| {
                let id = id.replace('\'', "''");
                format!("            [CompletionResult]::new('{id}', '{id}', [CompletionResultType]::ParameterValue, 'problem')\n")
            })
            .collect();
        out = out.replace(&case, &format!("{case}{values}"));
    }
    out
}

/// `grader man`: the man page (roff) of the whole command line.
pub fn man(command: clap::Command) -> Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| Error::judge(format!("cannot render the man page: {e}")))?;
    write_stdout(&page)
}

fn write_stdout(bytes: &[u8]) -> Result<u8> {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_all(bytes) {
        crate::report::stdout_failed(e);
    }
    Ok(crate::exit::ACCEPTED)
}

/// `command` with the problem ids and language ids as the possible values of the arguments that
/// take them, in every subcommand (for completion only: parsing never sees this command).
fn with_values(command: clap::Command, ids: &[String], langs: &[String]) -> clap::Command {
    let values = |list: &[String]| {
        PossibleValuesParser::new(list.iter().map(|v| PossibleValue::new(v.clone())))
    };
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut command = command;
    for name in subcommands {
        command = command.mut_subcommand(name, |mut sub| {
            let args: Vec<(String, bool)> = sub
                .get_arguments()
                .map(|a| (a.get_id().to_string(), a.is_positional()))
                .collect();
            for (id, positional) in args {
                let list = if positional && PROBLEM_ARGS.contains(&id.as_str()) {
                    ids
                } else if LANG_ARGS.contains(&id.as_str()) {
                    langs
                } else {
                    continue;
                };
                if !list.is_empty() {
                    sub = sub.mut_arg(id, |a| a.value_parser(values(list)));
                }
            }
            sub
        });
    }
    command
}
