//! `cargo run -p codegen`: regenerate `generated/` from `specs/` (see `--help`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    graphgen::cli::main_supervised(std::env::args_os().collect())
}
