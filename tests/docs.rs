//! The docs are tested: every ```scene block in docs/*.md checks without errors, and
//! docs/stdlib.md is what `reel stdlib` generates from stdlib/*.scene
//! (`REEL_BLESS=1 cargo test --test docs` rewrites it).

use std::path::Path;

#[test]
fn every_scene_block_in_the_docs_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut blocks = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("```scene\n") {
            let body = &rest[i + 9..];
            let end = body.find("\n```").expect("closed block");
            let src = &body[..end + 1];
            let (_, diags) = reel::compile_in(src, Some(&dir));
            let errors: Vec<String> = diags.iter().filter(|d| d.severity == reel::diag::Severity::Error).map(|d| format!("{} {}", d.code, d.message)).collect();
            assert!(errors.is_empty(), "{}: a scene block does not check:\n{src}\n{errors:#?}", p.display());
            assert_eq!(reel::syntax::fmt::format(src).unwrap(), src, "{}: a scene block is not in `reel fmt` layout:\n{src}", p.display());
            blocks += 1;
            rest = &body[end..];
        }
    }
    assert!(blocks >= 10, "only {blocks} scene blocks in docs/");
}

#[test]
fn stdlib_reference_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/stdlib.md");
    let now = reel::check::stdlib::reference_markdown();
    if std::env::var_os("REEL_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == now, "docs/stdlib.md is stale: run `REEL_BLESS=1 cargo test --test docs`");
    for m in &reel::check::stdlib::lib().motions {
        assert!(on_disk.contains(&format!("### `{}`", m.name)), "{} is missing", m.name);
    }
}
