//! `reel grammar`: Print the scene grammar for constrained decoding: GBNF (llama.cpp) from
//! grammar/scene.pest, or the JSON schema of plan mode's cast.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "gbnf")]
    pub format: GrammarFormat,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { format } = args;
    match format {
        GrammarFormat::Gbnf => out!("{}", reel::llm::gbnf::scene_gbnf()?),
        GrammarFormat::JsonSchema => outln!("{}", serde_json::to_string_pretty(&reel::llm::plan::cast_schema()).unwrap()),
    }
    Ok(ExitCode::SUCCESS)
}
