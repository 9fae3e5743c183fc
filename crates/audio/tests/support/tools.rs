//! Whether the speech programs a test needs are installed. Shared by the audio, server
//! and CLI tests (included by path): without the programs a test prints a SKIPPED line,
//! and under CI (`CI` set), where `.ci/run` installs them, it fails instead.

/// Whether every one of `programs` answers `--version`.
pub fn speech_tools(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|p| {
            std::process::Command::new(p)
                .arg("--version")
                .output()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{missing:?} not found: .ci/run installs espeak-ng, opus-tools and lame"
    );
    eprintln!(
        "SKIPPED audio test: {missing:?} not found (apt-get install espeak-ng opus-tools lame)"
    );
    false
}
