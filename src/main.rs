//! The `grader` binary: the sandbox helper when asked to be one, otherwise the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args_os().nth(1).as_deref() == Some(grader::sandbox::ZYGOTE_ARG.as_ref()) {
        grader::sandbox::helper_main();
    }
    grader::cli::main()
}
