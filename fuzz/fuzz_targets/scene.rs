//! Fuzz parse → check → fmt over arbitrary bytes. Never a panic, hang or runaway memory;
//! and where a file formats, formatting is idempotent and keeps the IR.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (src, ir, _diags) = reel::compile_bytes(data.to_vec(), None);
    if let Ok(formatted) = reel::syntax::fmt::format(&src) {
        assert_eq!(reel::syntax::fmt::format(&formatted).as_deref(), Ok(formatted.as_str()), "fmt is not idempotent");
        let (ir2, _) = reel::compile(&formatted);
        assert_eq!(ir, ir2, "fmt changed the IR");
    }
});
