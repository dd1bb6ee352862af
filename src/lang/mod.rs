//! Languages as data: the table (`table`), toolchain discovery (`tools`), the build cache
//! (`build`), entry points (`entry`: main classes and main files), and the cached Python environments of problems with requirements (`pyenv`).

mod build;
pub mod entry;
pub mod pyenv;
mod table;
mod tools;

pub use build::{
    Build, BuildResult, Harness, Request, base_env, build, cached_folder, cap, compile_limits,
    excerpt, tool_roots, work_places,
};
pub use table::{Language, Table, Vars, expand, is_python2};
pub use tools::{Tool, Toolchain, cache_root, toolchain, which};
