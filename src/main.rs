fn main() -> std::process::ExitCode {
    labguide::cli::main()
}
