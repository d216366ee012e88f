//! `reel fmt`: Format scene files in place in the one canonical layout (`-`: stdin to stdout).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    pub files: Vec<PathBuf>,
    /// Change nothing; list the files that are not formatted and exit 1.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { files, check } = args;
    if files.is_empty() {
        return Err("give at least one file".into());
    }
    let mut code = ExitCode::SUCCESS;
    for f in &files {
        let name = f.display().to_string();
        let (src, bad) = reel::decode_source(read_bytes(f)?);
        if let Some(d) = bad {
            // Never rewrite a file whose bytes had to be replaced.
            print_human(&[d], &diag::Sources::single(name.as_str(), src.as_str()));
            code = ExitCode::from(1);
            continue;
        }
        let formatted = match reel::syntax::fmt::format(&src) {
            Ok(t) => t,
            Err(diags) => {
                print_human(&diags, &diag::Sources::single(name.as_str(), src.as_str()));
                eprintln!("{name}: not formatted because it does not parse");
                code = ExitCode::from(1);
                continue;
            }
        };
        if f == Path::new("-") {
            out!("{formatted}");
        } else if formatted != src {
            if check {
                outln!("{name}");
                code = ExitCode::from(1);
            } else {
                reel::files::rewrite_in_place(f, formatted.as_bytes())?;
            }
        }
    }
    Ok(code)
}
