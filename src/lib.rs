//! reel: a compiler from `.scene` text to simulated, rendered video.
//!
//! The pipeline is one crate per stage (see ARCHITECTURE.md): `reel-syntax` (text → AST) →
//! `reel-check` (AST → IR) → `reel-sim` (IR → bake) → `reel-render` (bake frame → pixels) →
//! `reel-encode` (pixels → file). This crate is the `reel` binary, the render→encode
//! pipeline (`cli`) and `watch`, and re-exports the stages under one name, as the tests and
//! benches use them.

pub use reel_bake as bake;
pub use reel_check as check;
pub use reel_check::{compile, compile_bytes, compile_in, compile_with, decode_source, scene_dir, Compiled};
pub use reel_diag as diag;
pub use reel_encode as encode;
pub use reel_files as files;
pub use reel_ir as ir;
pub use reel_llm as llm;
pub use reel_lsp as lsp;
pub use reel_model as model;
pub use reel_render as render;
pub use reel_sim as sim;
pub use reel_syntax as syntax;

pub mod cli;
pub mod watch;
