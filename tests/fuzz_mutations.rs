//! A deterministic mutation fuzzer over parse → check → fmt, seeded from examples/ and
//! tests/ui/: thousands of damaged scenes must never panic, formatting must stay idempotent
//! and keep the IR. (A cargo-fuzz target needs a nightly toolchain this project's machines
//! do not have; this runs in every `cargo test`.)

use std::path::Path;

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    ",",
    ";",
    "\n",
    " ",
    "->",
    ".",
    ":",
    "\"",
    "#",
    "//",
    "/*",
    "*/",
    "at ",
    "after ",
    "during ",
    "freeze ",
    "as ",
    "25cm",
    "3s",
    "360deg",
    "9.81 m/s2",
    "1e308",
    "-0",
    "1280x720",
    "wukong",
    "leap.apex",
    "jump up",
    "+x",
    "\u{0}",
    "\u{feff}",
    "é",
    "\r\n",
    "999999999999999999999x9",
    "((((",
    "}}}}",
];

fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = Vec::new();
    for dir in ["examples", "tests/ui"] {
        let mut paths: Vec<_> =
            std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "scene")).collect();
        paths.sort();
        for p in paths {
            v.push(std::fs::read_to_string(p).unwrap());
        }
    }
    v
}

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s: Vec<char> = src.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(4) {
            0 if !s.is_empty() => {
                let end = (at + 1 + rng.below(12)).min(s.len());
                s.drain(at.min(end)..end);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                for (k, c) in t.chars().enumerate() {
                    s.insert(at + k, c);
                }
            }
            2 if !s.is_empty() => {
                let i = at.min(s.len() - 1);
                s[i] = char::from_u32(32 + rng.below(95) as u32).unwrap();
            }
            _ if !s.is_empty() => {
                // Duplicate a slice: repeated declarations, nested blocks.
                let a = rng.below(s.len());
                let b = (a + rng.below(40)).min(s.len());
                let piece: Vec<char> = s[a..b].to_vec();
                for (k, c) in piece.into_iter().enumerate() {
                    s.insert(at.min(s.len()) + k.min(s.len()), c);
                }
            }
            _ => {}
        }
    }
    s.into_iter().collect()
}

#[test]
fn mutated_scenes_never_break_the_front_end() {
    let seeds = seeds();
    // REEL_FUZZ_SEED / REEL_FUZZ_ITERS run a longer campaign.
    let env = |k: &str, d: u64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let mut rng = Rng(env("REEL_FUZZ_SEED", 0x5eed_0f4e_e1).max(1));
    let iters = env("REEL_FUZZ_ITERS", 6000) as usize;
    let mut formatted = 0;
    for i in 0..iters {
        let src = mutate(&mut rng, &seeds[i % seeds.len()]);
        let (ir, diags) = reel::compile(&src);
        for d in &diags {
            assert!(d.span.start <= d.span.end && d.span.end <= src.len(), "bad span {d:?} for {src:?}");
            assert!(d.span.file.is_main(), "a span outside the scene {d:?}");
        }
        if let Ok(once) = reel::syntax::fmt::format(&src) {
            formatted += 1;
            let twice = reel::syntax::fmt::format(&once).unwrap_or_else(|e| panic!("fmt output does not parse: {e:?}\n{once}"));
            assert_eq!(once, twice, "fmt is not idempotent on {src:?}");
            assert_eq!(reel::compile(&once).0, ir, "fmt changed the IR of {src:?}");
        }
    }
    assert!(formatted > iters / 10, "only {formatted} mutants were formattable");
}
