//! `reel still`: Render one frame at a screen time to PNG.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// Screen time in seconds.
    #[arg(long, default_value_t = 0.0)]
    pub at: f64,
    #[arg(short, long)]
    pub output: PathBuf,
    #[arg(long)]
    pub size: Option<String>,
    /// Anti-aliasing: `fxaa` or `msaa` (see `render`).
    #[arg(long, value_enum, default_value = "fxaa")]
    pub aa: AaArg,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { file, at, output, size, aa } = args;
    require_png(&output)?;
    let Some(mut ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
    if let Some(s) = size {
        ir.resolution = parse_size(&s)?;
    }
    reel::cli::render_still(&ir, at, &output, aa.into()).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
