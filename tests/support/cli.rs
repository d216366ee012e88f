//! What the command-line tests share: the built binary, the repository's root, and a fresh
//! scratch folder per test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn reel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reel"))
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// An empty folder under the temp dir, named after the test process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
