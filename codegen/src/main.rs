//! `cargo run -p codegen`: regenerate `generated/` from `specs/` (see `--help`).

fn main() -> std::process::ExitCode {
    graphgen::cli::main_with_args(std::env::args_os())
}
