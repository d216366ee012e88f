//! `reel concat`: Join MP4 chunks rendered from one bake (`render --bake F --chunk K/N`) into
//! one video, without re-encoding.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub chunks: Vec<PathBuf>,
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { chunks, output } = args;
    let paths: Vec<&Path> = chunks.iter().map(PathBuf::as_path).collect();
    let n = reel::encode::concat::concat(&paths, &output).map_err(|e| e.to_string())?;
    eprintln!("reel concat: {n} frames from {} chunks into {}", chunks.len(), output.display());
    Ok(ExitCode::SUCCESS)
}
