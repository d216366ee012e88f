//! Fuzz parse → check → diagnostics rendering → fmt over arbitrary bytes. Never a panic, hang
//! or runaway memory; every renderer (human, JSON, GitHub) takes every diagnostic whatever its
//! span and file; and where a file formats, formatting is idempotent and keeps the IR.
//! Bytes after a NUL are a second file, `lib.scene`, that the first may `use lib`: served by
//! an in-memory `World`, so errors inside used files are rendered too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let (main, lib) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        None => (data, String::new()),
    };
    let world = reel_check::Overlay::new([(PathBuf::from("/fuzz-in-memory/lib.scene"), lib.as_str())]);
    let c = reel_check::compile_with(&world, "fuzz.scene", main.to_vec(), Some(Path::new("/fuzz-in-memory")));
    let shown = &c.diags[..c.diags.len().min(8)];
    let _ = reel_diag::render_human(shown, &c.sources, data.first().is_some_and(|b| b & 1 == 1));
    for d in shown {
        let _ = reel_diag::to_json(d, &c.sources);
        let _ = reel_diag::to_github(d, &c.sources);
    }
    // `reel fmt` leaves files that are not UTF-8 alone, so only UTF-8 text is formatted.
    let Ok(src) = std::str::from_utf8(main) else { return };
    if let Ok(formatted) = reel_syntax::fmt::format(src) {
        assert_eq!(reel_syntax::fmt::format(&formatted).as_deref(), Ok(formatted.as_str()), "fmt is not idempotent");
        let c2 = reel_check::compile_with(&world, "fuzz.scene", formatted.into_bytes(), Some(Path::new("/fuzz-in-memory")));
        assert_eq!(c.ir, c2.ir, "fmt changed the IR");
    }
});
