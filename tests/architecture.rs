//! Architecture invariants (ARCHITECTURE.md), held by Cargo's edges: each stage is a crate,
//! and these tests read the resolved dependency graph (`cargo metadata`) to check who may
//! reach whom. A crate cannot name what it does not depend on directly, so "cannot name"
//! is a direct edge; "knows nothing of" is no path at all.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Package name → the names of its normal (non-dev, non-build) dependencies, read once.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    static GRAPH: std::sync::OnceLock<BTreeMap<String, BTreeSet<String>>> = std::sync::OnceLock::new();
    GRAPH.get_or_init(read_graph).clone()
}

fn read_graph() -> BTreeMap<String, BTreeSet<String>> {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--filter-platform", "x86_64-unknown-linux-gnu"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let name_of: BTreeMap<&str, &str> = meta["packages"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap())).collect();
    let mut g = BTreeMap::new();
    for node in meta["resolve"]["nodes"].as_array().unwrap() {
        let deps = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null()))
            .map(|d| name_of[d["pkg"].as_str().unwrap()].to_string())
            .collect();
        g.insert(name_of[node["id"].as_str().unwrap()].to_string(), deps);
    }
    g
}

/// Everything `krate` depends on, directly or not.
fn reach(g: &BTreeMap<String, BTreeSet<String>>, krate: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![krate.to_string()];
    while let Some(k) = todo.pop() {
        for d in g.get(&k).into_iter().flatten() {
            if seen.insert(d.clone()) {
                todo.push(d.clone());
            }
        }
    }
    seen
}

fn assert_none(g: &BTreeMap<String, BTreeSet<String>>, krate: &str, direct: bool, banned: &[&str]) {
    let deps = if direct { g[krate].clone() } else { reach(g, krate) };
    for b in banned {
        assert!(!deps.contains(*b), "{krate} {} {b}", if direct { "names" } else { "reaches" });
    }
}

const ENGINE: &[&str] = &["wgpu", "ffmpeg-next", "rapier3d", "naga", "lsp-server", "ureq"];

#[test]
fn the_front_end_builds_without_the_engine() {
    let g = graph();
    for k in ["reel-diag", "reel-syntax", "reel-ir", "reel-model", "reel-check"] {
        assert_none(&g, k, false, ENGINE);
    }
}

#[test]
fn render_knows_nothing_of_the_language() {
    let g = graph();
    assert_none(&g, "reel-render", false, &["reel-check", "reel-syntax", "reel-diag", "reel-sim", "pest", "ffmpeg-next"]);
    assert_none(&g, "reel-render", true, &["reel-ir"]);
}

#[test]
fn sim_knows_nothing_of_spans_or_pest() {
    let g = graph();
    assert_none(&g, "reel-sim", false, &["reel-syntax", "reel-check", "reel-diag", "pest", "ffmpeg-next", "wgpu"]);
}

#[test]
fn only_encode_knows_ffmpeg_and_only_lsp_speaks_lsp() {
    let g = graph();
    for k in g.keys().filter(|k| k.starts_with("reel-")) {
        if k != "reel-encode" {
            assert_none(&g, k, false, &["ffmpeg-next"]);
        }
        if k != "reel-lsp" {
            assert_none(&g, k, false, &["lsp-server", "lsp-types"]);
        }
    }
}

#[test]
fn the_llm_pass_and_the_language_server_never_reach_the_simulator() {
    let g = graph();
    for k in ["reel-llm", "reel-lsp"] {
        assert_none(&g, k, false, &["reel-sim", "reel-render", "reel-encode", "rapier3d", "wgpu", "ffmpeg-next"]);
    }
    // The prompt pass emits text: it cannot name the IR.
    assert_none(&g, "reel-llm", true, &["reel-ir"]);
}

#[test]
fn every_stage_is_a_crate_of_the_workspace() {
    let g = graph();
    for k in [
        "reel-diag",
        "reel-syntax",
        "reel-ir",
        "reel-model",
        "reel-check",
        "reel-bake",
        "reel-sim",
        "reel-files",
        "reel-render",
        "reel-encode",
        "reel-llm",
        "reel-lsp",
    ] {
        assert!(g.contains_key(k), "{k} is missing");
        assert!(g["reel"].contains(k), "the reel binary does not build on {k}");
    }
}
