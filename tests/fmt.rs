//! The formatter over every example and ui case: idempotent, and the formatted file means
//! the same (same IR, or the same diagnostics).

use std::path::Path;

fn scenes() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = Vec::new();
    for dir in ["examples", "tests/ui"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "scene") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

#[test]
fn fmt_is_idempotent_and_keeps_meaning() {
    let mut formatted_any = 0;
    for p in scenes() {
        let src = std::fs::read_to_string(&p).unwrap();
        let Ok(once) = reel::syntax::fmt::format(&src) else {
            // Only files with syntax errors are refused.
            assert!(reel::syntax::parse(&src).1.iter().any(|d| d.code.as_str().starts_with("E000")), "{} refused", p.display());
            continue;
        };
        formatted_any += 1;
        let twice = reel::syntax::fmt::format(&once).unwrap();
        assert_eq!(once, twice, "{} is not idempotent", p.display());
        let (ir_a, d_a) = reel::compile(&src);
        let (ir_b, d_b) = reel::compile(&once);
        assert_eq!(ir_a, ir_b, "{}: formatting changed the IR", p.display());
        let codes = |d: &[reel::diag::Diag]| d.iter().map(|d| (d.code, d.message.clone())).collect::<Vec<_>>();
        assert_eq!(codes(&d_a), codes(&d_b), "{}: formatting changed the diagnostics", p.display());
    }
    assert!(formatted_any >= 3);
}

#[test]
fn examples_are_formatted() {
    for p in scenes().into_iter().filter(|p| p.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))) {
        let src = std::fs::read_to_string(&p).unwrap();
        assert_eq!(reel::syntax::fmt::format(&src).unwrap(), src, "{} is not in canonical layout (run `reel fmt`)", p.display());
    }
}
