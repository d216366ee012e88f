//! `reel stdlib`: Print the standard library's reference (archetypes, motions, camera moves) as
//! Markdown, or one stdlib file's source with `--source FILE` (e.g. `props.scene`).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub source: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    match args {
        Args { source: None } => {
            out!("{}", reel::check::stdlib::reference_markdown());
            Ok(ExitCode::SUCCESS)
        }
        Args { source: Some(f) } => match reel::check::stdlib::Stdlib::source(&f) {
            Some(src) => {
                out!("{src}");
                Ok(ExitCode::SUCCESS)
            }
            None => {
                Err(format!("the stdlib has no file `{f}`; it has {}", reel::check::stdlib::FILES.iter().map(|(_, f, _)| *f).collect::<Vec<_>>().join(", ")))
            }
        },
    }
}
