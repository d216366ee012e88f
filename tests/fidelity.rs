//! The fidelity eval's metric, validated (evals/fidelity/README.md): every hand-written
//! reference scene scores 90% or more against its prompt's items, read from `reel ir` and
//! `reel bake` of this build; a copied worked example scores 20% or less on average; and
//! every prompt has its reference, with items the scorer understands.

use std::process::Command;

fn fidelity(args: &[&str]) -> (bool, String) {
    let out = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/evals/fidelity.py"))
        .args(args)
        .env("REEL_BIN", env!("CARGO_BIN_EXE_reel"))
        .output()
        .expect("python3 runs the eval");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn reference_scenes_score_at_least_90_percent_and_a_copied_example_at_most_20() {
    let refs = concat!(env!("CARGO_MANIFEST_DIR"), "/evals/fidelity/ref");
    let (ok, out) = fidelity(&["score", "--scenes", refs, "-v", "--min", "0.9"]);
    assert!(ok, "{out}");
    assert!(!out.contains("missing") && !out.contains("unknown item"), "{out}");
    let wukong = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/wukong.scene");
    let (ok, out) = fidelity(&["same", wukong, "--max", "0.2"]);
    assert!(ok, "{out}");
}
