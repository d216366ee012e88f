//! `reel watch`: Recompile on save and serve a live preview on http://127.0.0.1:PORT/.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// 0 picks a free port (printed on start).
    #[arg(long, default_value_t = 8123)]
    pub port: u16,
    /// Size of the preview video.
    #[arg(long, default_value = "640x360")]
    pub size: String,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { file, port, size } = args;
    reel::watch::run(reel::watch::Options { file, port, size: parse_size(&size)? })?;
    Ok(ExitCode::SUCCESS)
}
