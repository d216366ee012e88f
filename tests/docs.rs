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

/// Each property's line in the reference is its own declaration (not the first of that name
/// in the file), and every default it shows is the one the checker uses: a prop written
/// without the property compiles to the same IR as one that writes the documented default.
#[test]
fn documented_defaults_are_the_checkers() {
    use reel::check::stdlib::{lib, Stdlib};
    let reference = reel::check::stdlib::reference_markdown();
    let mut checked = 0;
    for a in lib().archetypes.iter().filter(|a| matches!(a.class, "prop" | "actor")) {
        let src = Stdlib::source(a.file).unwrap();
        let block_end = src[a.span.start..].find("\n}").map_or(src.len(), |i| a.span.start + i);
        let required = if a.name == "ball" { "at (0m, 1m, 0m)" } else { "" };
        let kind = if a.class == "actor" { "actor" } else { "prop" };
        let compile = |body: &str| {
            let text = format!("scene \"d\" {{ fps 10 }}\nuse {}.{}\n{kind} x = {} {{ {body} }}\n", a.module, a.name, a.name);
            let (ir, diags) = reel::compile(&text);
            ir.unwrap_or_else(|| panic!("{text}\n{diags:#?}"))
        };
        let plain = compile(required);
        for p in &a.props {
            // Its own declaration, or, for a kind of another archetype (`person : humanoid`),
            // the one it inherits.
            let inherited = a.base.and_then(|b| lib().archetype(b)).is_some_and(|b| b.props.iter().any(|q| q.span == p.span && q.key == p.key));
            assert!(inherited || (a.span.start..block_end).contains(&p.span.start), "{}.{} is documented from outside its archetype", a.name, p.key);
            let line = Stdlib::decl_line(a.file, p.span);
            assert!(line.starts_with(&format!("param {}(", p.key)), "{}.{}: {line}", a.name, p.key);
            let sig = line.trim_start_matches("param ");
            assert!(reference.contains(&format!("| `{}` | `{}` |", p.key, sig.replace('|', "\\|"))), "{}.{} is not documented as `{sig}`", a.name, p.key);
            // One parameter with a default: `key(<name: type> = V)` or `key(type = V)`.
            let inner = &sig[p.key.len() + 1..sig.len() - 1];
            let Some((param, default)) = inner.split_once(" = ") else { continue };
            if param.contains(',') || default.contains(" = ") || (p.key == "at" && required.starts_with("at")) {
                continue;
            }
            let prop = format!("{} {default}", p.key);
            let mut explicit = compile(&if required.is_empty() { prop } else { format!("{required}, {prop}") });
            if p.key == "material" {
                // Written out, a material also gives its colour (documented); the rest is the same.
                explicit.props[0].color = plain.props[0].color;
            }
            assert_eq!(explicit, plain, "{}.{}: writing the documented default `{default}` changes the scene", a.name, p.key);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} defaults were checked");
    // What the probe found wrong in the reference.
    assert!(reference.contains("| `at` | `at(<position: vec3(length)>)` |"), "ball's `at` is a 3-vector");
    assert!(reference.contains("size(<size: vec3(length)> = (30cm, 30cm, 30cm))"), "box's own size");
}
