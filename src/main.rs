//! The `utfall` program; its code is the `utfall-cli` crate.

fn main() -> std::process::ExitCode {
    utfall_cli::main()
}
