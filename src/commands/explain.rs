//! `reel explain`: Explain a diagnostic code, e.g. `reel explain E0201`.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub code: String,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { code } = args;
    match reel::explain::explain(&code) {
        Some(e) => {
            outln!("{}: {}\n\n{}", e.code, e.title, e.text);
            if !e.example.is_empty() {
                outln!("\nFor example:\n\n{}", e.example.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"));
            }
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!("no diagnostic has the code `{code}`; see docs/diagnostics.md")),
    }
}
