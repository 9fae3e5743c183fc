//! Exit codes shared by every command.

use std::process::ExitCode;

/// How a command ended, mapped to the exit codes of the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: all inputs processed, output written.
    Ok,
    /// 1: nothing to do, or no result.
    NothingToDo,
    /// 2: some inputs failed (each reported on stderr); the rest were processed.
    SomeFailed,
    /// 3: bad usage or configuration.
    Usage,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        ExitCode::from(match outcome {
            Outcome::Ok => 0,
            Outcome::NothingToDo => 1,
            Outcome::SomeFailed => 2,
            Outcome::Usage => 3,
        })
    }
}
