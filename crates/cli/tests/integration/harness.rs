//! Running the `parallax` binary and reading what it printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary produced.
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The repository root (the sample corpus, the registry and the schema live there).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The binary, ready for arguments, run from the repository root.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command.current_dir(repo_root());
    command
}

/// Run `parallax ARGS` from the repository root.
pub fn parallax(args: &[&str]) -> Run {
    run(command().args(args))
}

/// Run a prepared command to its end.
pub fn run(command: &mut Command) -> Run {
    let output = command.output().expect("run parallax");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
