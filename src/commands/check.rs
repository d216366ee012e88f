//! `reel check`: Check scene files (`-` reads stdin): prints nothing and exits 0 when clean,
//! diagnostics and exit 1 on errors, exit 2 on usage or I/O errors.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { files, format } = args;
    if files.is_empty() {
        return Err("give at least one file".into());
    }
    let mut errors = false;
    let mut json = Vec::new();
    for f in &files {
        let reel::Compiled { sources, diags, .. } = reel::compile_bytes(&f.display().to_string(), read_bytes(f)?, reel::scene_dir(f).as_deref());
        errors |= diags.iter().any(|d| d.severity == Severity::Error);
        match format {
            CheckFormat::Human => print_human(&diags, &sources),
            CheckFormat::Json => json.extend(diags.iter().map(|d| diag::to_json(d, &sources))),
            CheckFormat::Github => {
                for d in &diags {
                    outln!("{}", diag::to_github(d, &sources));
                }
            }
        }
    }
    if let CheckFormat::Json = format {
        outln!("{}", serde_json::to_string_pretty(&json).unwrap());
    }
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
