fn main() -> std::process::ExitCode {
    labguide::commands::main()
}
