//! Fuzz parse → check → diagnostics rendering → fmt over arbitrary bytes. Never a panic, hang
//! or runaway memory; every renderer (human, JSON, GitHub) takes every diagnostic whatever its
//! span; and where a file formats, formatting is idempotent and keeps the IR.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, ir, diags) = reel_check::compile_bytes(data.to_vec(), None);
    let shown = &diags[..diags.len().min(8)];
    let _ = reel_diag::render_human(shown, "fuzz.scene", &text, data.first().is_some_and(|b| b & 1 == 1));
    for d in shown {
        let _ = reel_diag::to_json(d, "fuzz.scene", &text);
        let _ = reel_diag::to_github(d, "fuzz.scene", &text);
    }
    // `reel fmt` leaves files that are not UTF-8 alone, so only UTF-8 text is formatted.
    let Ok(src) = std::str::from_utf8(data) else { return };
    if let Ok(formatted) = reel_syntax::fmt::format(src) {
        assert_eq!(reel_syntax::fmt::format(&formatted).as_deref(), Ok(formatted.as_str()), "fmt is not idempotent");
        let (ir2, _) = reel_check::compile(&formatted);
        assert_eq!(ir, ir2, "fmt changed the IR");
    }
});
