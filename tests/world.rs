//! The `World` seam: every file a check reads comes through it, and every diagnostic names
//! the file it points into. An error inside a used file is reported there (and its `use`
//! says so); the language server checks used files as they are in open buffers.

use reel::diag::{FileId, Severity};
use std::path::{Path, PathBuf};

/// A fresh folder under the temp dir holding `files`.
fn folder(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reel-world-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

const SCENE: &str = "use std.characters.humanoid\nuse set\nactor a = humanoid { on stage at (0m, 0m) }\ncamera c {}\ntimeline { a { idle }\n c { wide a } }\n";
const BROKEN_SET: &str = "use std.props.table\n// the stage\nprop stage = tabel { size (3m, 0.5m, 2m) }\n";

#[test]
fn an_error_in_a_used_file_points_into_that_file() {
    let dir = folder("used", &[("set.scene", BROKEN_SET), ("main.scene", SCENE)]);
    let main = dir.join("main.scene");
    let c = reel::compile_bytes("main.scene", std::fs::read(&main).unwrap(), Some(&dir));
    assert!(c.ir.is_none());
    let inner: Vec<_> = c.diags.iter().filter(|d| !d.span.file.is_main()).collect();
    assert_eq!(inner.len(), 1, "{:#?}", c.diags);
    let set = c.sources.get(inner[0].span.file);
    assert!(set.name.ends_with("set.scene"), "{}", set.name);
    assert_eq!(&set.text[inner[0].span.start..inner[0].span.end], "tabel");
    assert_eq!(inner[0].code, "E0106");
    // The `use` in the scene says so, with a label on the error in the used file.
    let at_use = c.diags.iter().find(|d| d.code == "E0110").expect("an E0110 at the use");
    assert!(at_use.span.file.is_main() && &SCENE[at_use.span.start..at_use.span.end] == "set");
    assert_eq!(at_use.labels[0].0, inner[0].span);
    // Each renderer names the used file and its line.
    let human = reel::diag::render_human(&c.diags, &c.sources, false);
    assert!(human.contains("set.scene:3:14") && human.contains("prop stage = tabel"), "{human}");
    let json = reel::diag::to_json(inner[0], &c.sources);
    assert!(json["file"].as_str().unwrap().ends_with("set.scene") && json["line"] == 3 && json["column"] == 14, "{json}");
    assert!(reel::diag::to_github(inner[0], &c.sources).contains("set.scene,line=3,col=14"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_error_two_uses_deep_points_into_the_deepest_file() {
    let dir = folder(
        "deep",
        &[("set.scene", "use props\n"), ("props.scene", "use std.props.table\nprop stage = table { size (3m, 0.5m) }\n"), ("main.scene", SCENE)],
    );
    let c = reel::compile_bytes("main.scene", SCENE.as_bytes().to_vec(), Some(&dir));
    let names: Vec<(String, &str)> = c.diags.iter().map(|d| (c.sources.get(d.span.file).name.clone(), d.code.as_str())).collect();
    let deepest = c.diags.iter().find(|d| d.code == "E0206").unwrap_or_else(|| panic!("{names:?}"));
    assert!(c.sources.get(deepest.span.file).name.ends_with("props.scene"), "{names:?}");
    // One E0110 at each `use` on the way: in main.scene and in set.scene.
    let uses: Vec<FileId> = c.diags.iter().filter(|d| d.code == "E0110").map(|d| d.span.file).collect();
    assert_eq!(uses.len(), 2, "{names:?}");
    assert!(uses.contains(&FileId::MAIN) && c.sources.get(uses[1]).name.ends_with("set.scene"), "{names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reel_check_prints_the_used_file_and_its_line() {
    let dir = folder("cli", &[("set.scene", BROKEN_SET), ("main.scene", SCENE)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reel")).arg("check").arg(dir.join("main.scene")).env("NO_COLOR", "1").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("set.scene:3:14") && err.contains("tabel"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reel")).args(["check", "--format", "json"]).arg(dir.join("main.scene")).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = json.as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert!(files.iter().any(|f| f.ends_with("main.scene")) && files.iter().any(|f| f.ends_with("set.scene")), "{files:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

#[test]
fn the_language_server_checks_used_files_as_they_are_in_open_buffers() {
    // On disk the set is broken; in the editor it has been fixed but not saved.
    let dir = folder("lsp", &[("set.scene", BROKEN_SET), ("main.scene", SCENE)]);
    let mut docs = std::collections::BTreeMap::new();
    docs.insert(uri(&dir.join("main.scene")), SCENE.to_string());
    let published = reel::lsp::diagnostics_of_open(&docs);
    assert_eq!(published.len(), 1);
    let diags = &published[0].1;
    assert!(diags.iter().any(|d| d["code"] == "E0110"), "the disk's broken set: {diags:?}");
    let related = &diags.iter().find(|d| d["code"] == "E0110").unwrap()["relatedInformation"][0];
    assert!(related["location"]["uri"].as_str().unwrap().ends_with("set.scene") && related["location"]["range"]["start"]["line"] == 2, "{related}");
    docs.insert(uri(&dir.join("set.scene")), BROKEN_SET.replace("tabel", "table"));
    let published = reel::lsp::diagnostics_of_open(&docs);
    assert_eq!(published.len(), 2);
    assert!(published.iter().all(|(_, d)| d.is_empty()), "the fixed buffer is read, not the disk: {published:?}");
    // A buffer never saved is found too.
    docs.insert(format!("file://{}/props2.scene", dir.canonicalize().unwrap().display()), "use std.props.ball\nprop b = ball {}\n".into());
    let main_uri = uri(&dir.join("main.scene"));
    docs.insert(main_uri.clone(), SCENE.replace("use set\n", "use set\nuse props2\n"));
    let published = reel::lsp::diagnostics_of_open(&docs);
    let main = &published.iter().find(|(u, _)| *u == main_uri).unwrap().1;
    assert!(main.is_empty(), "{main:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn warnings_of_a_used_file_stay_there_and_a_clean_use_adds_nothing() {
    let set = "use std.props.{table, ball}\nprop stage = table { size (3m, 0.5m, 2m) }\nprop spare = ball { at (5m, 0.1m, 0m) }\n";
    let dir = folder("warn", &[("set.scene", set)]);
    let c = reel::compile_bytes("main.scene", SCENE.as_bytes().to_vec(), Some(&dir));
    assert!(c.ir.is_some(), "{:?}", c.diags);
    assert!(c.diags.iter().all(|d| d.span.file.is_main() && d.severity == Severity::Warning), "{:?}", c.diags);
    std::fs::remove_dir_all(&dir).unwrap();
}
