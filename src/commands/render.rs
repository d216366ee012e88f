//! `reel render`: Render a scene (or a saved bake) to an H.264 MP4, a GIF (`.gif`), or PNG
//! frames (a folder name ending in `/`).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// The scene; leave it out with --bake.
    pub file: Option<PathBuf>,
    #[arg(short, long)]
    pub output: PathBuf,
    /// Render from a bake written by `reel bake -o FILE` instead of simulating.
    #[arg(long, conflicts_with = "file")]
    pub bake: Option<PathBuf>,
    /// Only frames A..B (end excluded) of the video: chunks for scale-out.
    #[arg(long, conflicts_with = "chunk")]
    pub frames: Option<String>,
    /// Only chunk K of N equal chunks (K from 0), e.g. `--chunk 3/8`: what an array
    /// job's index gives, without knowing the frame count.
    #[arg(long)]
    pub chunk: Option<String>,
    /// Override the scene's resolution, e.g. 320x180.
    #[arg(long)]
    pub size: Option<String>,
    /// Override the scene's frame rate.
    #[arg(long)]
    pub fps: Option<u32>,
    /// Quality, 0 best .. 51 worst (18 looks lossless, 28 is small): x264's constant
    /// quantiser. Not its rate factor, whose state runs from keyframe to keyframe, so that
    /// chunks rendered apart decode to the frames of the whole render.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=51))]
    pub crf: u32,
    /// Anti-aliasing: `fxaa` (a post pass, fast on a CPU) or `msaa` (4 samples per pixel,
    /// sharper on thin things, about 2x slower without a GPU).
    #[arg(long, value_enum, default_value = "fxaa")]
    pub aa: AaArg,
    /// Hide the progress bar.
    #[arg(long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    match args {
        Args { file: None, bake: Some(bake_path), output, frames, chunk, size, fps, crf, quiet, aa } => {
            if size.is_some() || fps.is_some() {
                return Err("--size and --fps are fixed when the bake is made; re-bake to change them".into());
            }
            let mut file = reel::sim::bake_file::BakeFile::open(&bake_path)?;
            let range = frames_of(frames.as_deref(), chunk.as_deref(), file.frame_count, file.bake.fps, &output)?;
            // Only this chunk's frames are read (from a binary bake; JSON is read whole).
            let frames = file.read_frames(range.clone())?;
            reel::cli::render_frames_with(&file.bake, &frames, range.start, &output, crf, aa.into(), !quiet, None, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Args { file, bake: _, output, frames, chunk, size, fps, crf, quiet, aa } => {
            let Some(file) = file else { return Err("give a scene file, or --bake FILE".into()) };
            let Some(mut ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
            apply_overrides(&mut ir, size.as_deref(), fps)?;
            let bake = reel::sim::simulate(&ir);
            for n in &bake.notes {
                eprintln!("note: {n}");
            }
            let range = frames_of(frames.as_deref(), chunk.as_deref(), bake.frames.len(), bake.fps, &output)?;
            reel::cli::render_bake(&bake, range, &output, crf, aa.into(), !quiet)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
