//! `reel ir`: Print the checked scene's IR as JSON.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub file: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { file } = args;
    match compile_file(&file)? {
        Some(ir) => {
            outln!("{}", serde_json::to_string_pretty(&ir).unwrap());
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::from(1)),
    }
}
