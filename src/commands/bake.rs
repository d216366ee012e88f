//! `reel bake`: Simulate and print the bake (per frame poses, cameras and events) as JSON.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override the scene's resolution, e.g. 320x180.
    #[arg(long)]
    pub size: Option<String>,
    /// Override the scene's frame rate.
    #[arg(long)]
    pub fps: Option<u32>,
    /// The bake's format; without it, from the output's name (`.json`: JSON, else
    /// binary), and JSON on standard output. `render --bake` reads all three.
    #[arg(long, value_enum)]
    pub format: Option<BakeFormat>,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { file, output, size, fps, format } = args;
    let Some(mut ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
    apply_overrides(&mut ir, size.as_deref(), fps)?;
    let bake = reel::sim::simulate(&ir);
    use reel::sim::bake_file::{write, BakeFormat as F};
    let chosen = |default: F| match format {
        Some(BakeFormat::Binary) => F::Binary,
        Some(BakeFormat::Json) => F::Json,
        Some(BakeFormat::Pretty) => F::Pretty,
        None => default,
    };
    match output {
        Some(o) => {
            let tmp = reel::files::TempFile::for_output(&o);
            let file = std::fs::File::create(tmp.path()).map_err(|e| format!("cannot write {}: {e}", o.display()))?;
            write(&bake, chosen(F::for_path(&o)), &file).map_err(|e| format!("{}: {e}", o.display()))?;
            file.sync_all().and_then(|()| tmp.commit()).map_err(|e| format!("cannot write {}: {e}", o.display()))?;
        }
        None => {
            let fmt = chosen(F::Json);
            if fmt == F::Binary && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                return Err("a binary bake is not for a terminal: give -o FILE.reelbake, or --format json".into());
            }
            write(&bake, fmt, std::io::stdout().lock()).map_err(|e| e.replace("cannot write the bake", "cannot write to standard output"))?;
            if fmt != F::Binary {
                outln!();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
