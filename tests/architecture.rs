//! Architecture invariants (ARCHITECTURE.md), checked as ordinary tests.

use std::path::Path;

fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rs") {
            out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    assert!(!out.is_empty());
    out
}

#[test]
fn render_knows_nothing_of_the_language() {
    for (path, src) in sources("render") {
        for banned in ["crate::syntax", "crate::check", "crate::ir", "pest", "ffmpeg"] {
            assert!(!src.contains(banned), "{path} uses {banned}");
        }
    }
}

#[test]
fn sim_knows_nothing_of_spans_or_pest() {
    for (path, src) in sources("sim") {
        for banned in ["crate::syntax", "crate::check", "crate::diag", "pest", "ffmpeg", "wgpu"] {
            assert!(!src.contains(banned), "{path} uses {banned}");
        }
    }
}

#[test]
fn only_encode_knows_ffmpeg() {
    for dir in ["syntax", "check", "ir", "sim", "render", "cli"] {
        for (path, src) in sources(dir) {
            assert!(!src.contains("ffmpeg_next"), "{path} uses ffmpeg");
        }
    }
}

#[test]
fn only_lsp_speaks_lsp() {
    for dir in ["syntax", "check", "ir", "sim", "render", "encode", "cli"] {
        for (path, src) in sources(dir) {
            assert!(!src.contains("lsp_server") && !src.contains("lsp_types"), "{path} speaks LSP");
        }
    }
}

#[test]
fn the_llm_pass_emits_text_never_ir() {
    for (path, src) in sources("llm") {
        for banned in ["crate::ir", "crate::sim", "crate::render", "crate::encode", "ffmpeg", "wgpu"] {
            assert!(!src.contains(banned), "{path} uses {banned}");
        }
    }
}
