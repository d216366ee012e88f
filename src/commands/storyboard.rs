//! `reel storyboard`: Render a sheet of key frames (start, every event found, end) to PNG.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(short, long)]
    pub output: PathBuf,
    /// Width of each panel in pixels.
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u32).range(64..=1920))]
    pub panel_width: u32,
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=8))]
    pub columns: u32,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { file, output, panel_width, columns } = args;
    require_png(&output)?;
    let Some(ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
    reel::cli::render_storyboard(&ir, &output, panel_width, columns).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
