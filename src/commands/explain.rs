//! `reel explain`: Explain a diagnostic code, e.g. `reel explain E0201`.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub code: String,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { code } = args;
    match reel::diag::Code::parse(&code) {
        Some(c) => {
            outln!("{c}: {}\n\n{}", c.title(), c.explanation());
            if !c.example().is_empty() {
                outln!("\nFor example:\n\n{}", c.example().lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"));
            }
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!("no diagnostic has the code `{code}`; see docs/diagnostics.md")),
    }
}
